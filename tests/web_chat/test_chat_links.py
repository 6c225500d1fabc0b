"""Links in the bot's replies: web addresses, e-mail and phone numbers are clickable and safe."""

from __future__ import annotations

import pytest

from web.linkify import linkify


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "Aanmelden: https://voorbeeld.nl/ggz/mbct, of later.",
            'Aanmelden: <a href="https://voorbeeld.nl/ggz/mbct">https://voorbeeld.nl/ggz/mbct</a>,'
            " of later.",
        ),
        (
            "Kijk op www.voorbeeld.nl.",
            'Kijk op <a href="https://www.voorbeeld.nl">www.voorbeeld.nl</a>.',
        ),
        ("chat op 113.nl.", 'chat op <a href="https://113.nl">113.nl</a>.'),
        (
            "Mail ijsseloever@voorbeeld.nl!",
            'Mail <a href="mailto:ijsseloever@voorbeeld.nl">ijsseloever@voorbeeld.nl</a>!',
        ),
        ("Bel 0570-000 101.", 'Bel <a href="tel:0570000101">0570-000 101</a>.'),
        ("Tel (038) 123 45 67", 'Tel <a href="tel:0381234567">(038) 123 45 67</a>'),
        ("Bel +31 6 12345678", 'Bel <a href="tel:0612345678">+31 6 12345678</a>'),
        (
            "Bel 113 (gratis: 0800-0113), of 112 bij direct gevaar.",
            'Bel <a href="tel:113">113</a> (gratis: <a href="tel:08000113">0800-0113</a>), '
            'of <a href="tel:112">112</a> bij direct gevaar.',
        ),
        ("Call 113 or 112.", 'Call <a href="tel:113">113</a> or <a href="tel:112">112</a>.'),
        (
            "(zie https://a.nl/b_(c))",
            '(zie <a href="https://a.nl/b_(c)">https://a.nl/b_(c)</a>)',
        ),
    ],
)
def test_links(text: str, html: str) -> None:
    assert str(linkify(text)) == html


@pytest.mark.parametrize(
    "text",
    [
        "Dorpsstraat 113, 8011 AB Zwolle",  # a house number is not the 113 line
        "Start op 03-02-2026 om 09:30, 19:30-21:00 uur",
        "Groep 12, lokaal 0.13, 2 x 90 minuten",
        "javascript:alert(1)",
    ],
)
def test_no_links_where_there_are_none(text: str) -> None:
    assert "<a " not in str(linkify(text))


def test_markup_in_data_is_escaped() -> None:
    html = str(
        linkify(
            '<script>alert(1)</script> https://x.nl/a"onmouseover="alert(1) '
            "mail a@b.nl<img src=x> <b>0570-000 101</b>"
        )
    )
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert '<a href="https://x.nl/a">https://x.nl/a</a>&#34;onmouseover=&#34;alert(1)' in html
    assert '<a href="mailto:a@b.nl">a@b.nl</a>&lt;img src=x&gt;' in html
    assert '&lt;b&gt;<a href="tel:0570000101">0570-000 101</a>&lt;/b&gt;' in html
