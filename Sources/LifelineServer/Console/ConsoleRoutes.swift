import LifelineDomain
import LifelineServices
import Vapor

/// The web console: server-rendered pages in Chinese first, English second. Split by concern into
/// `ConsoleRoutes+Auth`, `+Dashboard`, `+Jurisdictions`, `+Depots`, `+Stock`, `+Movements`, `+Catalogue`.
struct ConsoleRoutes: RouteCollection {
    let services: Services

    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        let console = routes.grouped(ConsoleAuthMiddleware(services: services))
        console.get(use: dashboard)
        console.get("jurisdictions", use: jurisdictionsPage)
        console.post("jurisdictions", ":code", "population", use: savePopulation)
        console.get("depots", use: depotsPage)
        console.get("depots", "new", use: newDepotPage)
        console.post("depots", use: createDepot)
        console.get("depots", ":id", use: depotPage)
        console.get("stock", use: stockPage)
        console.post("lots", ":id", "status", use: changeLotStatus)
        console.get("movements", use: movementsPage)
        for form in MovementForm.allCases {
            console.get("movements", .constant(form.rawValue)) { try await movementFormPage(form, $0) }
            console.post("movements", .constant(form.rawValue)) { try await submitMovement(form, $0) }
        }
        console.get("catalogue", use: cataloguePage)
        console.get("units", use: unitsPage)
        console.get("coming", ":capability", use: comingPage)
    }
}
