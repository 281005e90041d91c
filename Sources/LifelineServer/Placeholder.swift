import Vapor
import Fluent
import Leaf
import OpenAPIVapor
import OpenAPIRuntime
import PostgresNIO
import Prometheus
