"""`lifeline allocate` end to end: a small problem file in, a feasible solution file out whose
objective the test recomputes from the FORMAT's rules; a bad file → exit 2 naming the field."""
import json
import random
import subprocess

from conftest import BIN


def tiny_problem(seed=7, depots=6, sites=40, items=3):
    rnd = random.Random(seed)
    problem = {
        "format": "lifeline-allocation-problem/1",
        "items": {"id": [f"i{k}" for k in range(items)], "volume_m3": [0.01, 0.05, 0.2][:items], "rate": [1, 2, 3][:items]},
        "depots": {"id": [f"d{j}" for j in range(depots)], "x_km": [rnd.uniform(0, 100) for _ in range(depots)],
                   "y_km": [rnd.uniform(0, 100) for _ in range(depots)], "capacity_m3": [rnd.uniform(5, 30) for _ in range(depots)]},
        "sites": {"id": [f"s{i}" for i in range(sites)], "x_km": [rnd.uniform(0, 100) for _ in range(sites)],
                  "y_km": [rnd.uniform(0, 100) for _ in range(sites)], "priority": [rnd.randrange(3) for _ in range(sites)]},
        "lots": {"id": [], "depot": [], "item": [], "quantity": [], "expires_in_days": [], "waste_cost": []},
        "demands": {"site": [], "item": [], "quantity": []},
        "arcs": {"depot": [], "site": [], "road_km": [], "hours": []},
        "penalty": [[5000, 6000, 7000], [2000, 2500, 3000], [500, 600, 700]],
    }
    for j in range(depots):
        for k in range(items):
            for _ in range(2):
                lots = problem["lots"]
                lots["id"].append(f"l{len(lots['id'])}"); lots["depot"].append(j); lots["item"].append(k)
                lots["quantity"].append(rnd.randrange(10, 80)); lots["expires_in_days"].append(rnd.randrange(5, 400))
                lots["waste_cost"].append(rnd.randrange(0, 40))
    for i in range(sites):
        for k in range(items):
            if rnd.random() < 0.7:
                d = problem["demands"]; d["site"].append(i); d["item"].append(k); d["quantity"].append(rnd.randrange(5, 30))
        for j in range(depots):
            km = ((problem["depots"]["x_km"][j] - problem["sites"]["x_km"][i]) ** 2 + (problem["depots"]["y_km"][j] - problem["sites"]["y_km"][i]) ** 2) ** 0.5 * 1.3
            if km < 70:
                a = problem["arcs"]; a["depot"].append(j); a["site"].append(i); a["road_km"].append(int(km) + 1); a["hours"].append(km / 50)
    return problem


def objective_and_violations(p, s):
    lots, arcs, dem = p["lots"], p["arcs"], p["demands"]
    arc_km = {(d, t): km for d, t, km in zip(arcs["depot"], arcs["site"], arcs["road_km"])}
    demand = {(t, k): q for t, k, q in zip(dem["site"], dem["item"], dem["quantity"])}
    shipped_lot, shipped_demand, volume = {}, {}, {}
    violations, transport = [], 0
    for lot, site, q in zip(s["shipments"]["lot"], s["shipments"]["site"], s["shipments"]["quantity"]):
        depot, item = lots["depot"][lot], lots["item"][lot]
        if q < 0 or (depot, site) not in arc_km:
            violations.append(("arc or sign", lot, site, q))
            continue
        transport += p["items"]["rate"][item] * arc_km[(depot, site)] * q
        shipped_lot[lot] = shipped_lot.get(lot, 0) + q
        shipped_demand[(site, item)] = shipped_demand.get((site, item), 0) + q
        volume[depot] = volume.get(depot, 0.0) + p["items"]["volume_m3"][item] * q
    violations += [("lot", l) for l, q in shipped_lot.items() if q > lots["quantity"][l]]
    violations += [("demand", k) for k, q in shipped_demand.items() if q > demand.get(k, 0)]
    violations += [("capacity", d) for d, v in volume.items() if v > p["depots"]["capacity_m3"][d] * (1 + 1e-9)]
    penalty = sum(p["penalty"][p["sites"]["priority"][t]][k] * (q - shipped_demand.get((t, k), 0)) for (t, k), q in demand.items())
    waste = sum(lots["waste_cost"][l] * (lots["quantity"][l] - shipped_lot.get(l, 0)) for l in range(len(lots["id"])))
    return transport + penalty + waste, violations


def test_allocate_writes_a_feasible_solution_with_its_objective_and_bound(tmp_path):
    problem = tiny_problem()
    (tmp_path / "p.json").write_text(json.dumps(problem))
    result = subprocess.run([BIN, "allocate", "--problem", str(tmp_path / "p.json"), "--out", str(tmp_path / "s.json"), "--gap", "0.01"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    solution = json.loads((tmp_path / "s.json").read_text())
    assert solution["format"] == "lifeline-allocation-solution/1"
    objective, violations = objective_and_violations(problem, solution)
    assert violations == []
    assert objective == summary["objective"]
    assert summary["lower_bound"] <= objective
    gap = (objective - summary["lower_bound"]) / summary["lower_bound"]
    assert abs(gap - summary["gap"]) < 1e-9  # the certified gap it reports is the real one
    assert gap <= 0.01 + 1e-9
    assert "allocate:" in result.stderr  # progress goes to stderr


def test_allocate_rejects_a_dangling_index_with_exit_code_2(tmp_path):
    problem = tiny_problem()
    problem["lots"]["depot"][3] = 99
    (tmp_path / "bad.json").write_text(json.dumps(problem))
    result = subprocess.run([BIN, "allocate", "--problem", str(tmp_path / "bad.json"), "--out", str(tmp_path / "s.json")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "lots" in result.stderr and "depot" in result.stderr and "3" in result.stderr
