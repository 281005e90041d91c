import Foundation

extension MassTestingStandard {
    /// Lifeline's reading of seed 001's standard: 27 item classes (保障物资27类), a draft until an
    /// office approves it (ADR 0038).
    ///
    /// The seed names the kits' contents, the reusable items' kind, the district-held waste and
    /// disinfection items, and the 27; it gives no list and no quantities. Lifeline's reading:
    /// - kits (per person per shift, one of each item a kit holds): the seed's three kits, word for
    ///   word; goggles are reusable after disinfection, as the catalogue says (PPE-0012);
    /// - sampling: a swab per person, a 10-in-1 tube per ten, single tubes for 1 % (people sampled
    ///   alone), a specimen bag per ten tubes, a transport box with four ice packs per point;
    /// - hygiene and waste: two bottles of hand rub per table a round; ethanol, chlorine tablets,
    ///   sprayers, waste bags (five per table a round) and waste boxes held by the districts;
    /// - the site: a thermometer, a tent, a megaphone and barrier tape per point, desks and a
    ///   registration scanner per table.
    ///
    /// Reusable: goggles, transport boxes, ice packs, sprayers, waste boxes, thermometers, tents,
    /// megaphones, desks, scanners. Catalogue codes are the demo catalogue's; four classes have none.
    public static let seed001 = MassTestingStandard(
        version: "seed-001",
        entries: [
            // Protection (R7.1): the seed's three kits.
            kit(
                "protective_mask", "医用防护口罩", "Medical protective mask", "只", "piece", "PPE-0001",
                ProtectionLevel.allCases),
            kit("work_cap", "一次性工作帽", "Disposable work cap", "只", "piece", "PPE-0014", ProtectionLevel.allCases),
            kit("isolation_gown", "一次性隔离衣", "Disposable isolation gown", "件", "piece", "PPE-0007", [.level1]),
            kit("latex_gloves", "乳胶手套", "Latex examination gloves", "副", "pair", "PPE-0009", ProtectionLevel.allCases),
            kit("protective_suit", "医用防护服", "Medical protective suit", "套", "set", "PPE-0005", level2),
            kit(
                "sterile_gloves", "乳胶检查手套（无菌）", "Sterile latex examination gloves", "副", "pair", "PPE-0010",
                level2),
            kit("boot_covers", "靴套", "Boot covers", "双", "pair", "PPE-0016", level2),
            kit("goggles", "护目镜", "Goggles", "副", "pair", "PPE-0012", [.level2Waste], reusable: true),
            kit("face_shield", "隔离面屏", "Face shield", "个", "piece", "PPE-0013", [.level2Sample]),
            // Sampling.
            .init(
                itemClass: "swab", nameZh: "采样拭子", nameEn: "Sampling swab", unitZh: "支", unitEn: "swab",
                catalogueCode: "SMP-0001", basis: .perPersonTested, quantity: 1),
            .init(
                itemClass: "pooled_tube", nameZh: "病毒采样管（10混1）", nameEn: "Sampling tube (10-in-1)", unitZh: "管",
                unitEn: "tube", catalogueCode: "SMP-0003", basis: .perPersonTested, quantity: 1, poolSize: 10),
            .init(
                itemClass: "single_tube", nameZh: "病毒采样管（单采）", nameEn: "Sampling tube (single)", unitZh: "管",
                unitEn: "tube", catalogueCode: "SMP-0002", basis: .perPersonTested, quantity: Decimal(1) / 100),
            .init(
                itemClass: "specimen_bag", nameZh: "标本密封袋", nameEn: "Specimen bag", unitZh: "个", unitEn: "piece",
                catalogueCode: "SMP-0005", basis: .perPersonTested, quantity: 1, poolSize: 100),
            .init(
                itemClass: "transport_box", nameZh: "样本转运箱", nameEn: "Specimen transport box", unitZh: "个",
                unitEn: "piece", catalogueCode: "SMP-0004", basis: .perPoint, quantity: 1, reusable: true),
            .init(
                itemClass: "ice_pack", nameZh: "冰排", nameEn: "Ice pack", unitZh: "个", unitEn: "piece", basis: .perPoint,
                quantity: 4, reusable: true),
            // Hand hygiene, disinfection and waste; the districts hold waste and disinfection items.
            .init(
                itemClass: "hand_rub", nameZh: "速干手消毒剂", nameEn: "Alcohol-based hand rub", unitZh: "瓶",
                unitEn: "bottle", catalogueCode: "DIS-0001", basis: .perTable, quantity: 2),
            .init(
                itemClass: "ethanol", nameZh: "75%乙醇消毒液", nameEn: "75 % ethanol disinfectant", unitZh: "瓶",
                unitEn: "bottle", catalogueCode: "DIS-0003", basis: .perPoint, quantity: 2, districtOnly: true),
            .init(
                itemClass: "chlorine_tablets", nameZh: "含氯消毒片", nameEn: "Chlorine disinfectant tablets",
                unitZh: "瓶", unitEn: "bottle", catalogueCode: "DIS-0004", basis: .perPoint, quantity: 1,
                districtOnly: true),
            .init(
                itemClass: "sprayer", nameZh: "手持式喷壶", nameEn: "Hand-held pressure sprayer", unitZh: "个",
                unitEn: "piece", catalogueCode: "DIS-0007", basis: .perPoint, quantity: 1, reusable: true,
                districtOnly: true),
            .init(
                itemClass: "waste_bag", nameZh: "医疗废物包装袋", nameEn: "Medical waste bag", unitZh: "个",
                unitEn: "piece", catalogueCode: "CON-0004", basis: .perTable, quantity: 5, districtOnly: true),
            .init(
                itemClass: "waste_box", nameZh: "医疗废物周转箱", nameEn: "Medical waste turnover box", unitZh: "个",
                unitEn: "piece", catalogueCode: "DEV-0004", basis: .perPoint, quantity: 1, reusable: true,
                districtOnly: true),
            // The site.
            .init(
                itemClass: "thermometer", nameZh: "红外额温计", nameEn: "Infrared forehead thermometer", unitZh: "台",
                unitEn: "unit", catalogueCode: "DEV-0001", basis: .perPoint, quantity: 1, reusable: true),
            .init(
                itemClass: "tent", nameZh: "采样帐篷", nameEn: "Sampling tent", unitZh: "顶", unitEn: "tent",
                catalogueCode: "DEV-0002", basis: .perPoint, quantity: 1, reusable: true),
            .init(
                itemClass: "megaphone", nameZh: "手持扩音器", nameEn: "Handheld megaphone", unitZh: "个", unitEn: "piece",
                catalogueCode: "DEV-0003", basis: .perPoint, quantity: 1, reusable: true),
            .init(
                itemClass: "sampling_desk", nameZh: "采样桌椅", nameEn: "Sampling desk and chairs", unitZh: "套",
                unitEn: "set", basis: .perTable, quantity: 1, reusable: true),
            .init(
                itemClass: "code_scanner", nameZh: "扫码登记终端", nameEn: "Registration scanner", unitZh: "台",
                unitEn: "unit", basis: .perTable, quantity: 1, reusable: true),
            .init(
                itemClass: "barrier_tape", nameZh: "警戒隔离带（一米线）", nameEn: "Barrier tape (1 m queue line)",
                unitZh: "卷", unitEn: "roll", basis: .perPoint, quantity: 1),
        ])

    private static let level2: [ProtectionLevel] = [.level2Sample, .level2Waste]

    private static func kit(
        _ itemClass: String, _ nameZh: String, _ nameEn: String, _ unitZh: String, _ unitEn: String,
        _ catalogueCode: String, _ kits: [ProtectionLevel], reusable: Bool = false
    ) -> MassTestingStandardEntry {
        MassTestingStandardEntry(
            itemClass: itemClass, nameZh: nameZh, nameEn: nameEn, unitZh: unitZh, unitEn: unitEn,
            catalogueCode: catalogueCode, basis: .perKit, quantity: 1, kits: kits, reusable: reusable)
    }
}
