"""Wire credits in scripts and languages beyond English and French. Invented sentences only."""
import pytest

from storyledger.link import copies


@pytest.mark.parametrize("text, origin, basis", [
    ("巴黎（法新社）- 法国检方周四说，四名男子被捕。", "AFP", "dateline"),
    ("【ワシントン=ロイター】米政府は声明を出した。", "Reuters", "dateline"),
    ("据路透社报道，四名男子被捕。", "Reuters", "told"),
    ("وقال المتحدث لوكالة فرانس برس إن التحقيق مستمر.", "AFP", "told"),
    ("Die Männer wurden festgenommen, sagte ein Sprecher der Nachrichtenagentur dpa.", "dpa", "told"),
    ("El fiscal dijo a EFE que la investigación sigue abierta.", "EFE", "told"),
    ("Ο εισαγγελέας δήλωσε στο Γαλλικό Πρακτορείο ότι η έρευνα συνεχίζεται.", "AFP", "told"),
])
def test_credits_in_other_scripts_and_languages(text, origin, basis):
    assert copies.wire_credit(text)[0::3] == (origin, basis)


def test_no_credit_without_an_agency_named():
    assert copies.wire_credit("据当地媒体报道，四名男子被捕。") is None
    assert copies.wire_credit("Der Sprecher sagte der Zeitung, die Männer seien frei.") is None


@pytest.mark.parametrize("text", [
    "By Sylvie Marchand, Associated Press\nPARIS — Four men were detained on Monday.",
    "By JOHN HALLORAN and ANNE VIGNE | AP\nPARIS — Four men were detained on Monday.",
    "Four men were detained on Monday.\n\nAssociated Press writer Jill Barrow in London contributed to this report.",
])
def test_bylines_and_contributors_lines_credit_the_wire(text):
    assert copies.wire_credit(text)[0::3] == ("AP", "credit")


def test_a_line_opening_with_by_is_no_byline():
    assert copies.wire_credit("By car, the AP\nwas not reached.") is None
    assert copies.wire_credit("By Anna Smith\nThe mayor said the roads were closed.") is None
