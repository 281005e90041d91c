"""The `lifeline` command line: verify's exit codes, CSV import/export, bad input."""
import csv
import io
import sqlite3

from conftest import lifeline, private_copy


def test_verify_fails_loudly_on_a_tampered_ledger(tmp_path):
    url = f"sqlite://{tmp_path}/cli.sqlite"
    lifeline("migrate", database_url=url)
    stock = tmp_path / "stock.csv"
    depots = tmp_path / "depots.csv"
    depots.write_text("code,name,jurisdiction,operator_kind,operator_unit,owner_unit,longitude,latitude,address,area_m2,volume_m3,zones,cold_chain_m3,is_forward\n"
                      "CLI-1,命令行测试库,520102,government,,,106.7,26.5,,100,500,ambient,0,0\n", encoding="utf-8")
    stock.write_text("\ufeffdepot_code,item_code,batch_no,manufacturer,production_date,expiry_date,quantity,unit_cost_fen,inspection\n"
                     "CLI-1,PPE-0001,CLI-B1,稳健医疗,2026-01-01,2029-01-01,250,,passed\n", encoding="utf-8")
    assert "1 created" in lifeline("import", "depots", str(depots), database_url=url).stdout
    assert "1 created" in lifeline("import", "stock", str(stock), database_url=url).stdout
    assert "0 created" in lifeline("import", "stock", str(stock), database_url=url).stdout, "a repeated file receives nothing twice"
    out = tmp_path / "out.csv"
    lifeline("export", "stock", str(out), database_url=url)
    exported = out.read_bytes()
    assert exported.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    assert "CLI-B1" in exported.decode("utf-8-sig")
    assert lifeline("verify", database_url=url).returncode == 0

    db = sqlite3.connect(f"{tmp_path}/cli.sqlite")
    db.execute("UPDATE lots SET on_hand = on_hand + 7")
    db.commit()
    db.close()
    tampered = lifeline("verify", database_url=url, check=False)
    assert tampered.returncode == 1
    assert "BALANCE" in tampered.stdout


def test_verify_names_a_broken_dispatch_invariant(demo_database, tmp_path):
    """A second charge for a signed line, as two concurrent signatures used to leave behind: the
    ledger still balances, but verify exits 1 and names the invariant."""
    copy = tmp_path / "demo-verify.sqlite"
    source, target = sqlite3.connect(demo_database.removeprefix("sqlite://")), sqlite3.connect(copy)
    source.backup(target)  # a consistent copy even while the shared demo server writes
    source.close()
    target.close()
    url = f"sqlite://{copy}"
    clean = lifeline("verify", database_url=url)
    assert "dispatch invariants hold" in clean.stdout

    db = sqlite3.connect(copy)
    charged = db.execute("SELECT COUNT(*) FROM charges WHERE kind = 'charge'").fetchone()[0]
    assert charged > 0, "the demo signs an order, which charges the receiver"
    db.execute("INSERT INTO charges (kind, order_id, payer_unit_id, payee_unit_id, path, item_id, quantity, unit_price_fen, "
               "amount_fen, at_ms) SELECT kind, order_id, payer_unit_id, payee_unit_id, path, item_id, quantity, unit_price_fen, "
               "amount_fen, at_ms FROM charges WHERE kind = 'charge' ORDER BY id LIMIT 1")
    db.commit()
    db.close()
    tampered = lifeline("verify", database_url=url, check=False)
    assert tampered.returncode == 1
    assert "DISPATCH excess-charge: 1 finding(s)" in tampered.stdout
    assert "BALANCE" not in tampered.stdout and "AUDIT" not in tampered.stdout
    assert "excess-charge 1" in tampered.stdout.splitlines()[-1]


def test_bad_files_are_refused_with_the_row_named(tmp_path):
    url = f"sqlite://{tmp_path}/bad.sqlite"
    lifeline("migrate", database_url=url)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,population\n520102,南明区,lots\n", encoding="utf-8")
    result = lifeline("import", "population", str(bad), database_url=url, check=False)
    assert result.returncode == 2
    assert "第 2 行" in result.stderr and "row 2" in result.stderr
    missing = lifeline("import", "items", str(tmp_path / "missing.csv"), database_url=url, check=False)
    assert missing.returncode == 2
    bad_url = lifeline("verify", database_url="mysql://nope", check=False)
    assert bad_url.returncode != 0
    assert "DATABASE_URL" in bad_url.stderr + bad_url.stdout


def test_files_from_excel_on_chinese_windows_are_read_or_refused_with_how_to_save_utf8(tmp_path):
    url = f"sqlite://{tmp_path}/enc.sqlite"
    lifeline("migrate", database_url=url)
    header = "depot_code,item_code,batch_no,manufacturer,production_date,expiry_date,quantity,unit_cost_fen,inspection\r\n"
    depots = tmp_path / "depots.csv"
    depots.write_text("code,name,jurisdiction,operator_kind,operator_unit,owner_unit,longitude,latitude,address,area_m2,volume_m3,zones,cold_chain_m3,is_forward\n"
                      "ENC-1,编码测试库,520102,government,,,106.7,26.5,,100,500,ambient,0,0\n", encoding="utf-8")
    lifeline("import", "depots", str(depots), database_url=url)

    # Excel on Chinese Windows saves plain "CSV (逗号分隔)" in GBK (code page 936).
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((header + "ENC-1,PPE-0001,GBK-1,稳健医疗,2026-01-01,2029-01-01,30,,passed\r\n").encode("gbk"))
    read = lifeline("import", "stock", str(gbk), database_url=url)
    assert "1 created" in read.stdout
    assert "GB18030" in read.stderr and "CSV UTF-8" in read.stderr, "the note says how it was read and how to avoid the guess"
    out = tmp_path / "stock.csv"
    lifeline("export", "stock", str(out), database_url=url)
    assert "ENC-1,PPE-0001,GBK-1,稳健医疗," in out.read_bytes().decode("utf-8-sig"), "the manufacturer was read as Chinese, not mojibake"
    assert "1 unchanged" in lifeline("import", "stock", str(gbk), database_url=url).stdout

    # UTF-16 (Excel's "Unicode text") and a Latin-1 file are refused, in words, with no Foundation error text.
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((header + "ENC-1,PPE-0001,U16-1,稳健医疗,2026-01-01,2029-01-01,30,,passed\r\n").encode("utf-16"))
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((header + "ENC-1,PPE-0001,L1-1,Café,2026-01-01,2029-01-01,30,,passed\r\n").encode("latin-1"))
    for path, looks_like in ((utf16, "UTF-16"), (latin1, "GB18030/GBK")):
        refused = lifeline("import", "stock", str(path), database_url=url, check=False)
        assert refused.returncode == 2
        assert "[import.encoding]" in refused.stderr
        assert looks_like in refused.stderr
        assert "CSV UTF-8（逗号分隔）" in refused.stderr and "CSV UTF-8 (Comma delimited)" in refused.stderr
        assert "NSCocoaErrorDomain" not in refused.stderr + refused.stdout
    missing = lifeline("import", "stock", str(tmp_path / "missing.csv"), database_url=url, check=False)
    assert missing.returncode == 2 and "[file.unreadable]" in missing.stderr and "NSCocoaErrorDomain" not in missing.stderr
    unwritable = lifeline("export", "stock", str(tmp_path / "no-such-dir" / "out.csv"), database_url=url, check=False)
    assert unwritable.returncode == 2 and "[file.unwritable]" in unwritable.stderr and "NSCocoaErrorDomain" not in unwritable.stderr
    assert lifeline("verify", database_url=url).returncode == 0


def test_export_response_report_of_the_demo_event(demo_database, tmp_path):
    out = tmp_path / "report.csv"
    lifeline("export", "response-report", str(out), database_url=demo_database)
    text = out.read_bytes().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("section,jurisdiction,item_code,item_name,requested,approved,shipped,received,returned")
    masks = next(l for l in lines if l.startswith("quantities,520102,PPE-0001,"))
    requested, approved, shipped, received = (int(v) for v in masks.split(",")[4:8])
    assert requested >= approved >= shipped >= received > 0
    assert any(l.startswith("durations,") and "submit→approve" in l for l in lines)
    missing = lifeline("export", "response-report", "--incident", "SJ-NOPE", database_url=demo_database, check=False)
    assert missing.returncode == 2 and "SJ-NOPE" in missing.stderr + missing.stdout


def test_market_prices_import_once_and_export_back(tmp_path):
    """`lifeline import|export prices` (ADR 0026): a GBK file from Excel, a repeat that adds nothing,
    a late bad row that stores nothing, an export that imports back unchanged."""
    url = f"sqlite://{tmp_path}/prices.sqlite"
    lifeline("migrate", database_url=url)
    prices = tmp_path / "prices.csv"
    prices.write_bytes("item_code,effective_from,price_fen,note\r\nPPE-0001,2026-11-01,230,省药监局挂网价\r\n"
                       "PPE-0001,2026-12-01,=1+1,\r\n".encode("gbk"))
    refused = lifeline("import", "prices", str(prices), database_url=url, check=False)
    assert refused.returncode == 2
    assert "第 3 行" in refused.stderr and "price_fen" in refused.stderr
    prices.write_bytes("item_code,effective_from,price_fen,note\r\nPPE-0001,2026-11-01,230,省药监局挂网价\r\n"
                       "PPE-0001,2026-12-01,250,\r\n".encode("gbk"))
    first = lifeline("import", "prices", str(prices), database_url=url)
    assert "2 created" in first.stdout
    assert "GB18030" in first.stderr
    assert "2 unchanged" in lifeline("import", "prices", str(prices), database_url=url).stdout
    out = tmp_path / "prices-out.csv"
    lifeline("export", "prices", str(out), database_url=url)
    exported = out.read_bytes().decode("utf-8-sig")
    assert exported.splitlines() == ["item_code,effective_from,price_fen,note", "PPE-0001,2026-11-01,230,省药监局挂网价", "PPE-0001,2026-12-01,250,"]
    assert "2 unchanged" in lifeline("import", "prices", str(out), database_url=url).stdout
    assert lifeline("verify", database_url=url).returncode == 0


def test_reserve_exports_of_the_demo_have_rows(demo_database, tmp_path):
    """`lifeline export plans|norms|coverage|alerts` (#11): every export has rows on a fresh demo,
    with Nanming's plan below its threshold in the coverage and the alerts."""
    url = private_copy(demo_database, tmp_path)
    rows = {}
    for kind in ("plans", "norms", "coverage", "alerts"):
        out = tmp_path / f"{kind}.csv"
        lifeline("export", kind, str(out), database_url=url)
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), kind
        rows[kind] = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[kind], f"{kind} has no rows"
    assert {(p["jurisdiction_code"], p["status"]) for p in rows["plans"]} >= {("52", "approved"), ("520102", "approved")}
    masks = [r for r in rows["norms"] if r["jurisdiction_code"] == "52" and r["item_code"] == "PPE-0003"]
    assert masks and masks[0]["basis"] == "population" and masks[0]["quantity"] == str(38_562_148 * 2 * 15 // 10)
    assert any(r["jurisdiction_code"] == "520102" and r["below_alert"] == "1" for r in rows["coverage"])
    assert any(a["kind"] == "coverage_below" and a["path"] == "CN/52/5201/520102" for a in rows["alerts"])
    wrong = lifeline("export", "nonsense", database_url=url, check=False)
    assert wrong.returncode != 0 and "alerts" in wrong.stderr
    # The demo's closed subsidy period and last Thursday's weekly reports (#11 items 4, 10).
    subsidies = list(csv.DictReader(io.StringIO(lifeline("export", "subsidies", database_url=url).stdout.lstrip("\ufeff"))))
    assert subsidies and all(r["status"] == "closed" for r in subsidies), subsidies
    assert all(int(r["total_fen"]) == int(r["storage_fen"]) + int(r["management_fen"]) + int(r["capacity_fen"]) for r in subsidies)
    weekly = list(csv.DictReader(io.StringIO(lifeline("export", "weekly-report", database_url=url).stdout.lstrip("\ufeff"))))
    assert {r["enterprise"] for r in weekly} >= {"贵州黔药医药物流有限公司", "贵州筑康医药有限公司"}, weekly[:3]


def test_plan_mass_testing_needs_no_database(tmp_path):
    """`lifeline plan mass-testing` (#12): seed 001's standard, one line per item class and round; the
    staff of 8 782 points × 11.4 posted; reusables only in round 1; 5 % on the city's share only."""
    import json
    url = f"sqlite://{tmp_path}/never-created.sqlite"
    out = lifeline("plan", "mass-testing", "--points", "8782", "--tables", "20865", "--staff-per-point", "11.4",
                   "--rounds", "3", "--json", database_url=url).stdout
    plan = json.loads(out)
    assert not (tmp_path / "never-created.sqlite").exists(), "the planner touches no database"
    assert plan["posts"]["staffGiven"] == 100115
    classes = {line["itemClass"] for line in plan["lines"]}
    assert len(classes) == 27 and len(plan["lines"]) == 27 * 3
    for line in plan["lines"]:
        assert set(line) >= {"itemCode", "round", "quantity", "city", "districts"}
    box = {line["round"]: line for line in plan["lines"] if line["itemCode"] == "SMP-0004"}
    assert box[1]["quantity"] > 0 and box[2]["quantity"] == 0 and box[3]["quantity"] == 0, box
    swabs = next(line for line in plan["lines"] if line["itemCode"] == "SMP-0001" and line["round"] == 1)
    half = swabs["quantity"] // 2
    assert swabs["districts"] == swabs["quantity"] - half and swabs["city"] == -(-half * 105 // 100), swabs
    guiyang = lifeline("plan", "mass-testing", "--example", "guiyang", database_url=url).stdout
    assert "122700" in guiyang and "PPE-0001" in guiyang
    wrong = lifeline("plan", "mass-testing", "--points", "0", "--tables", "1", "--staff-per-point", "1", "--rounds", "1",
                     database_url=url, check=False)
    assert wrong.returncode == 2 and "points" in wrong.stderr
    assert plan["standard"] == "seed-001"


def test_the_guiyang_example_splits_over_the_demo_citys_counties(demo_database):
    """#12 item 8: `--split-over 5201` spreads the seed's 8 782 points and 20 865 tables over the
    demo city's counties by population; the totals stay, one area per county."""
    import json
    plan = json.loads(lifeline("plan", "mass-testing", "--example", "guiyang", "--split-over", "5201", "--json",
                               database_url=demo_database).stdout)
    areas = plan["areas"]
    assert len(areas) == 10 and all(a["code"].startswith("5201") for a in areas), areas
    assert sum(a["points"] for a in areas) == 8782 and sum(a["tables"] for a in areas) == 20865
    assert len(plan["lines"]) == 27 * 3, "the lines stay one per item class and round"
    alone = lifeline("plan", "mass-testing", "--example", "guiyang", "--split-over", "5201", database_url="", check=False)
    assert alone.returncode != 0 and "split-over" in alone.stderr


def test_kits_are_assembled_from_the_command_line_and_the_ledger_adds_up(demo_database, tmp_path):
    """`lifeline kits assemble|disassemble` (#12): a kit lot expiring with its earliest component; too
    many kits refused naming the short component, nothing moved; verify clean after both."""
    import json
    url = private_copy(demo_database, tmp_path)
    db = sqlite3.connect(url.removeprefix("sqlite://"))
    depot = db.execute("SELECT d.code FROM kit_work k JOIN depots d ON d.id = k.depot_id LIMIT 1").fetchone()[0]
    movements = db.execute("SELECT COUNT(*) FROM stock_movements").fetchone()[0]
    db.close()
    work = json.loads(lifeline("kits", "assemble", "--kit", "L1", "--depot", depot, "--count", "5", database_url=url).stdout)
    assert work["kind"] == "assembly" and work["kits"] == 5
    assert work["kitExpiryDate"] == min(c["expiryDate"] for c in work["components"] if c.get("expiryDate"))
    short = lifeline("kits", "assemble", "--kit", "L1", "--depot", depot, "--count", "100000000", database_url=url, check=False)
    assert short.returncode == 2 and "kit.short_component" in short.stderr
    db = sqlite3.connect(url.removeprefix("sqlite://"))
    assert db.execute("SELECT COUNT(*) FROM stock_movements").fetchone()[0] == movements + len(work["components"]) + 1
    db.close()
    apart = json.loads(lifeline("kits", "disassemble", "--lot", work["kitLotId"], "--count", "2", database_url=url).stdout)
    assert apart["kind"] == "disassembly" and apart["kits"] == 2
    assert lifeline("verify", database_url=url).returncode == 0
