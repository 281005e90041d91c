import LifelineServer
import ArgumentParser
print("lifeline")
