from selaras.core.i18n import Msg

INNER = Msg(id="kolom {name}", en="column {name}")
OUTER = Msg(id="Galat di {where}", en="Error in {where}")


def test_a_message_renders_in_indonesian_by_default_and_in_english_on_request() -> None:
    text = OUTER(where="sini")
    assert (str(text), text.render("en")) == ("Galat di sini", "Error in sini")


def test_a_message_inside_a_message_follows_the_outer_language() -> None:
    text = OUTER(where=INNER(name="kode"))
    assert text.render("en") == "Error in column kode"
    assert text.render("id") == "Galat di kolom kode"
