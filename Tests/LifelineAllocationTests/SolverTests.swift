import Testing

@testable import LifelineAllocation

@Suite struct SolverTests {
    @Test func singleItemMatchesSuccessiveShortestPaths() throws {
        var rng = SeededRNG(seed: 11)
        for _ in 0..<300 {
            var shape = TinyShape()
            shape.items = 1...1
            shape.depots = 1...4
            shape.sites = 1...5
            shape.maxQty = 9
            let p = randomProblem(&rng, shape)
            let r = try Allocator.solve(p)
            #expect(p.violations(of: r.solution).isEmpty)
            #expect(r.objective == sspSingleItemOptimum(p))
            #expect(r.objective == p.objective(of: r.solution))
            #expect(r.lowerBound == Double(r.objective))
            #expect(r.status == .optimal)
        }
    }

    @Test func tinyMultiItemMatchesBruteForce() throws {
        var rng = SeededRNG(seed: 5)
        var compared = 0
        for _ in 0..<400 {
            var shape = TinyShape()
            shape.items = 2...3
            shape.depots = 1...2
            shape.sites = 1...3
            shape.maxQty = 3
            let p = randomProblem(&rng, shape)
            guard let opt = bruteForceOptimum(p, limit: 20_000) else { continue }
            let r = try Allocator.solve(p)
            #expect(p.violations(of: r.solution).isEmpty)
            #expect(r.objective == opt, "problem \(compared)")
            #expect(r.lowerBound == Double(r.objective))
            #expect(r.status == .optimal)
            compared += 1
        }
        #expect(compared > 150)
    }

    @Test func heuristicPathIsFeasibleWithValidBound() throws {
        var rng = SeededRNG(seed: 99)
        var options = AllocationOptions()
        options.exactVariableLimit = 0  // force the Lagrangian path
        options.maxIterations = 25
        for i in 0..<2000 {
            var shape = TinyShape()
            shape.items = 2...4
            shape.depots = 1...4
            shape.sites = 1...6
            shape.maxQty = 8
            let p = randomProblem(&rng, shape)
            let r = try Allocator.solve(p, options: options)
            let v = p.violations(of: r.solution)
            #expect(v.isEmpty, "instance \(i): \(v)")
            #expect(r.lowerBound <= Double(r.objective) + 1e-6, "instance \(i)")
            #expect(p.objective(of: r.solution) == r.objective)
            if i % 10 == 0, let opt = bruteForceOptimum(p, limit: 5_000) {
                #expect(r.lowerBound <= Double(opt) + 1e-6 * max(1, Double(opt)), "bound above optimum, instance \(i)")
            }
        }
    }
}

@Suite struct ExactPathTests {
    @Test func branchAndBoundAloneMatchesBruteForce() throws {
        var rng = SeededRNG(seed: 21)
        var compared = 0
        for _ in 0..<300 {
            var shape = TinyShape()
            shape.items = 2...3
            shape.depots = 1...3
            shape.sites = 1...3
            shape.maxQty = 3
            let p = randomProblem(&rng, shape)
            guard let opt = bruteForceOptimum(p, limit: 20_000) else { continue }
            let ix = ProblemIndex(p)
            let r = try #require(
                ExactSmallSolver.solveIfSmall(
                    p, index: ix, options: AllocationOptions(), clock: Stopwatch(),
                    heuristicIterations: 0))
            #expect(r.objective == opt)
            #expect(r.status == .optimal)
            #expect(r.lowerBound == Double(opt))
            #expect(p.violations(of: r.solution).isEmpty)
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test func denseSimplexSolvesASmallLP() {
        // min -x - 2y  s.t.  x + y + s = 4, x ≤ 3, y ≤ 2  →  x = 2, y = 2, objective -6.
        var lp = DenseLP(rows: 1, cols: 3)
        lp[0, 0] = 1
        lp[0, 1] = 1
        lp[0, 2] = 1
        lp.b[0] = 4
        lp.c = [-1, -2, 0]
        lp.ub = [3, 2, .infinity]
        let r = solveDenseLP(lp)
        #expect(r.status == .optimal)
        #expect(abs(r.objective + 6) < 1e-9)
        #expect(abs(r.x[0] - 2) < 1e-9 && abs(r.x[1] - 2) < 1e-9)
        // Infeasible: x + y = 10 with x, y ≤ 3.
        var bad = DenseLP(rows: 1, cols: 2)
        bad[0, 0] = 1
        bad[0, 1] = 1
        bad.b[0] = 10
        bad.ub = [3, 3]
        #expect(solveDenseLP(bad).status == .infeasible)
    }
}
