"""Names of the languages statements are written in (pure)."""

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "nl": "Dutch",
}


def language_name(tag: str) -> str:
    """``'es-SV'`` → ``'Spanish'``; unknown tags are shown as written."""
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


def format_date(date) -> str:
    """The archive's date format in running text: ``19 January 2016``."""
    return f"{date.day} {date:%B} {date.year}"
