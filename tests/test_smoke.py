from drafter.structure.parser import parse_file
from drafter.resources import bundled


def test_bundled_corpus_parses():
    speech = parse_file(bundled("corpus") / "推进会_全市平安建设工作推进大会.txt")
    assert [p.heading for p in speech.parts][0] == "提升标准，推动平安建设迈上新水平"
