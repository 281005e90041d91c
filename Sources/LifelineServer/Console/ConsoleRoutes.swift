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
        console.get("settings", use: settingsPage)
        console.post("settings", use: saveSettings)
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
        console.get("write-offs", use: writeOffsPage)
        console.post("write-offs", ":id", "decision", use: decideWriteOff)
        console.get("catalogue", use: cataloguePage)
        console.get("catalogue", "items", ":id", "prices", use: pricesPage)
        console.post("catalogue", "items", ":id", "prices", use: addPrice)
        console.get("units", use: unitsPage)
        console.get("coming", ":capability", use: comingPage)
        console.get("institution-reserves", use: institutionReservesPage)
        console.get("raw-materials", use: rawMaterialsPage)
        console.post("raw-materials", use: setRawMaterial)
        console.post("raw-materials", "suppliers", use: addRawMaterialSupplier)
        console.get("exchanges", use: exchangesPage)
        console.post("exchanges", use: offerExchange)
        console.get("exchanges", ":id", use: exchangePage)
        console.post("exchanges", ":id", "answer", use: answerExchange)
        console.post("exchanges", ":id", "actions", use: actOnExchange)
        console.get("stocktakes", use: stocktakesPage)
        console.post("stocktakes", use: startStocktake)
        console.get("stocktakes", ":id", use: stocktakePage)
        console.get("stocktakes", ":id", "sheet.csv", use: stocktakeSheetCSV)
        console.post("stocktakes", ":id", "counts", use: recordStocktakeCounts)
        console.on(.POST, "stocktakes", ":id", "upload", body: .collect(maxSize: "8mb"), use: uploadStocktakeCounts)
        console.post("stocktakes", ":id", "actions", use: actOnStocktake)
        console.get("alerts", use: alertsPage)
        console.post("alerts", "refresh", use: refreshAlertsNow)
        console.post("alerts", ":id", "acknowledgement", use: acknowledgeAlert)
        console.get("reserve-plans", use: plansPage)
        console.post("reserve-plans", use: createPlan)
        console.get("reserve-plans", ":id", use: planPage)
        console.post("reserve-plans", ":id", "norms", use: setPlanNorm)
        console.post("reserve-plans", ":id", "norms", ":item", "removal", use: removePlanNorm)
        console.post("reserve-plans", ":id", "actions", use: actOnPlan)
        console.get("incidents", use: incidentsPage)
        console.post("incidents", use: declareIncident)
        console.post("incidents", ":id", "changes", use: changeIncident)
        console.get("incidents", ":id", "report.csv", use: responseReportCSV)
        console.get("requests", use: requestsPage)
        console.get("requests", "new", use: newRequestPage)
        console.post("requests", use: createRequest)
        console.get("requests", ":id", use: requestPage)
        console.post("requests", ":id", ":action", use: actOnRequest)
        console.get("dispatch", use: boardPage)
        console.get("dispatch", "rows", use: boardRows)
        console.get("events", use: consoleEvents)
        console.get("orders", ":id", use: orderPage)
        console.get("orders", ":id", "print", use: orderPrint)
        console.get("orders", ":id", "sign", use: signPage)
        console.post("orders", ":id", "tracking", use: trackOrder)
        // Photos come with the signature: a larger body than the other forms.
        console.on(.POST, "orders", ":id", "signature", body: .collect(maxSize: "24mb"), use: signOrder)
        console.get("charges", use: chargesPage)
        console.post("orders", ":id", "recovery", use: recoverOrder)
        console.get("tracking", use: trackingMapPage)
        console.get("allocation", use: allocationPage)
        console.post("allocation", "approve", use: approveAllocation)
    }
}
