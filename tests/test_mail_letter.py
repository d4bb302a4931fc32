"""Messages as staff write them (`sheets email --to … --cc … --name … --note …`, and
pipeline.mail_sheets for the web page): several recipients, the customer greeted by name, a
personal paragraph, and an .eml that mail clients open as a draft ready to send."""

from __future__ import annotations

import email
import email.policy

import pytest

from sheets.errors import SheetsError
from sheets.mail import Letter, SmtpLogin, split_addresses
from sheets.pipeline import check_catalog, mail_sheets, render_sheets, select_products

from support import (
    EPOCH,
    assert_refused_without_traceback,
    bilingual,
    read_eml,
    run_sheets,
    smtp_section,
    write_catalog,
    write_shop_catalog,
)

FRENCH_BODY = "Voici, comme convenu, la fiche produit de La Libération de Paris (réf. 7505634)"
NOTE = "Comme convenu au téléphone, je vous la réserve jusqu'à samedi."


def write_letter(tmp_path, *options: str, catalog=None, env=EPOCH):
    """`sheets email 7505634 OPTIONS…` into tmp_path/m: (result, the .eml read, its body)."""
    catalog = catalog or write_shop_catalog(tmp_path)
    result = run_sheets(
        "email", "7505634", *options, "--catalog", catalog, "-o", tmp_path / "m", env=env
    )
    assert result.exit_code == 0, result.output
    message = read_eml(tmp_path / "m" / "7505634-la-liberation-de-paris.eml")
    return result, message, message.get_body(("plain",)).get_content()


# -- recipients ----------------------------------------------------------------------------


def test_every_to_and_cc_receives_the_message_from_the_server(tmp_path, smtp_server):
    inbox, port = smtp_server
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    options = ["--to", "a@example.com, b@example.com", "--to", "c@example.com"]
    options += ["--cc", "d@example.com", "--cc", "e@example.com,", "--send"]
    env = {**EPOCH, "SHEETS_SMTP_PASSWORD": "s3cret"}
    result, written, _ = write_letter(tmp_path, *options, catalog=catalog, env=env)
    assert (
        "Sent to a@example.com, b@example.com, c@example.com (Cc d@example.com, e@example.com) "
        f"through 127.0.0.1:{port}."
    ) in result.output
    ((mail_from, recipients, content),) = inbox.messages
    assert mail_from == "boutique@example.fr"
    assert recipients == [f"{name}@example.com" for name in "abcde"]
    received = email.message_from_bytes(content, policy=email.policy.default)
    assert received["To"] == written["To"] == "a@example.com, b@example.com, c@example.com"
    assert received["Cc"] == written["Cc"] == "d@example.com, e@example.com"


def test_the_eml_opens_as_a_draft_and_the_message_sent_is_no_draft(tmp_path, smtp_server):
    inbox, port = smtp_server
    catalog = write_shop_catalog(tmp_path, smtp=smtp_section(port))
    env = {**EPOCH, "SHEETS_SMTP_PASSWORD": "s3cret"}
    _, written, _ = write_letter(
        tmp_path, "--to", "a@example.com", "--send", catalog=catalog, env=env
    )
    assert written["X-Unsent"] == "1"
    received = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    assert "X-Unsent" not in received
    assert received["Message-ID"] == written["Message-ID"], "the same message"


def test_a_bad_cc_address_is_refused_by_name_and_nothing_is_written(tmp_path):
    catalog = write_shop_catalog(tmp_path)
    result = run_sheets(
        "email",
        "7505634",
        "--to",
        "a@example.com",
        "--cc",
        "b@example.com,compta",
        "--cc",
        "clé@example.fr",
        "--catalog",
        catalog,
        "-o",
        tmp_path / "m",
        env=EPOCH,
    )
    assert_refused_without_traceback(result)
    assert "sheets: error: --cc 'compta' is not an email address\n" in result.stderr
    assert "sheets: error: --cc 'clé@example.fr' has characters beyond ASCII" in result.stderr
    assert "b@example.com" not in result.stderr
    assert not (tmp_path / "m").exists()


def test_addresses_are_split_at_commas_each_kept_once_in_order():
    values = ["a@x.fr, b@x.fr", "a@x.fr", " c@x.fr ,", "", "d@x.fr\n"]
    assert split_addresses(values) == ("a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr\n")


def test_one_person_gets_one_copy_whatever_the_case_and_field():
    to = split_addresses(["a@x.fr, A@X.FR"])
    assert to == ("a@x.fr",)
    assert split_addresses(["A@x.fr, chef@x.fr"], besides=to) == ("chef@x.fr",)


# -- name and note -------------------------------------------------------------------------


def test_the_customer_is_greeted_by_name_in_french(tmp_path):
    _, _, body = write_letter(tmp_path, "--to", "a@example.com", "--name", "Marie Dupont")
    assert body.startswith(f"Bonjour Marie Dupont,\n\n{FRENCH_BODY}")


def test_the_customer_is_greeted_by_name_in_english(tmp_path):
    def with_contact(data):
        bilingual(data)
        data["catalog"]["contact"] = {"email": "contact@example.fr"}

    catalog = write_catalog(tmp_path, with_contact)
    options = ["--to", "a@example.com", "--locale", "en_GB", "--name", "Marie Dupont"]
    result = run_sheets("email", "7505634", *options, "--catalog", catalog, "-o", tmp_path / "m")
    assert result.exit_code == 0, result.output
    (eml,) = (tmp_path / "m").iterdir()
    body = read_eml(eml).get_body(("plain",)).get_content()
    assert body.startswith("Hello Marie Dupont,\n\nAs promised, please find attached")


def test_the_note_is_a_paragraph_of_its_own_after_the_greeting(tmp_path):
    _, _, body = write_letter(
        tmp_path, "--to", "a@example.com", "--name", "Marie Dupont", "--note", f"  {NOTE}\n"
    )
    assert body.startswith(f"Bonjour Marie Dupont,\n\n{NOTE}\n\n{FRENCH_BODY}")
    assert body.count(NOTE) == 1


def test_braces_in_a_name_or_a_note_are_kept_as_written(tmp_path):
    template = {
        "subject": "Pour {name} : {title}",
        "body": "{greeting}\n\nVoici {title}, {name}.\n\n{shop}",
    }
    catalog = write_shop_catalog(tmp_path, email=template)
    name, note = "Marie {shop} Dupont}", "Prix {price} garanti {{ }}, {0} {"
    _, message, body = write_letter(
        tmp_path, "--to", "a@example.com", "--name", name, "--note", note, catalog=catalog
    )
    assert message["Subject"] == "Pour Marie {shop} Dupont} : La Libération de Paris"
    assert body == (
        f"Bonjour {name},\n\n{note}\n\nVoici La Libération de Paris, {name}.\n\n"
        "Trésor du patrimoine\n"
    )


def test_a_name_of_several_lines_is_one_line_in_the_subject(tmp_path):
    catalog = write_shop_catalog(tmp_path, email={"subject": "Pour {name}", "body": "{greeting}"})
    options = ["--to", "a@example.com", "--name", "Marie\nDupont\r\nBcc: b@example.com"]
    _, message, body = write_letter(tmp_path, *options, catalog=catalog)
    assert message["Subject"] == "Pour Marie Dupont Bcc: b@example.com"
    assert "Bcc" not in message
    assert body == "Bonjour Marie Dupont Bcc: b@example.com,\n"


@pytest.mark.parametrize(
    ("body", "written"),
    [
        (
            "Madame, Monsieur,\n\n{title} : {price}.\n\n{shop}",
            "Madame, Monsieur,\n\n{note}\n\nLa Libération de Paris : 17,80\u00a0€.\n\n"
            "Trésor du patrimoine\n",
        ),
        ("Voici {title}, {name}.", "Voici La Libération de Paris, .\n\n{note}\n"),
    ],
    ids=["after-the-first-paragraph", "after-the-only-one"],
)
def test_a_catalogs_template_gets_the_note_after_its_first_paragraph(tmp_path, body, written):
    catalog = write_shop_catalog(tmp_path, email={"subject": "Fiche", "body": body})
    note = "Deux lignes\nde note."
    _, _, text = write_letter(tmp_path, "--to", "a@example.com", "--note", note, catalog=catalog)
    assert text == written.format(note=note)


# -- the library, as the web page calls it -------------------------------------------------


def test_mail_sheets_gives_the_eml_without_writing_it_and_sends_it(tmp_path, smtp_server):
    inbox, port = smtp_server
    catalog, _ = check_catalog(write_shop_catalog(tmp_path, smtp=smtp_section(port)))
    products = select_products(catalog, ["7505634"])
    letter = Letter(("a@example.com",), ("b@example.com",), "Marie Dupont", NOTE)
    mailed = mail_sheets(
        catalog, products, render_sheets(catalog, products), letter, send=SmtpLogin("s3cret")
    )
    assert (mailed.sent, mailed.not_sent, mailed.path) == (True, None, None)
    assert mailed.filename == "7505634-la-liberation-de-paris.eml"
    draft = email.message_from_bytes(mailed.eml, policy=email.policy.default)
    assert draft["X-Unsent"] == "1" and "X-Unsent" not in mailed.message
    assert (
        draft.get_body(("plain",)).get_content().startswith(f"Bonjour Marie Dupont,\n\n{NOTE}\n\n")
    )
    assert inbox.messages[0][1] == ["a@example.com", "b@example.com"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ca.pem", "catalog.yaml", "images"]


def test_mail_sheets_refuses_a_letter_to_nobody_or_to_a_bad_address(tmp_path):
    catalog, _ = check_catalog(write_shop_catalog(tmp_path))
    products = select_products(catalog, ["7505634"])
    for letter, said in [
        (Letter(()), "--to: no address"),
        (Letter(("a@example.com",), ("b@example",)), "--cc 'b@example' is not an email address"),
    ]:
        with pytest.raises(SheetsError) as refused:
            mail_sheets(catalog, products, [b"%PDF-"], letter, out_dir=tmp_path / "m")
        assert [p.message for p in refused.value.problems] == [said]
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("option", "text", "code"),
    [
        ("--name", "Zoë\x07", "U+0007"),
        ("--name", "Zoë\u202eeviL", "U+202E"),
        ("--note", "ok\x1b[2J", "U+001B"),
    ],
)
def test_a_control_character_in_the_name_or_note_is_refused(tmp_path, option, text, code):
    catalog = write_shop_catalog(tmp_path)
    out = tmp_path / "m"
    result = run_sheets(
        "email", "7505634", "--to", "a@example.com", option, text, "--catalog", catalog, "-o", out
    )
    assert_refused_without_traceback(result)
    assert f"{option} holds the invisible character {code}" in result.stderr
    assert not out.exists()
