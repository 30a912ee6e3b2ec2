"""The archive's settings in Sphinx: registered with their types, checked once when conf.py is read.

The options and their checks are declared once, in ``core.settings``;
``archive_settings(config)`` is the one typed object every module reads.
"""

from __future__ import annotations

from sphinx.errors import ConfigError

from solidarity_archive.core.settings import OPTIONS, SettingError, Settings

#: Not pickled with the environment (Sphinx leaves out attributes that start with "_").
_CACHE = "_solidarity_archive_settings"


def register(app) -> None:
    for option in OPTIONS:
        app.add_config_value(option.name, option.default, option.rebuild, types=option.types, description=option.help)


def check_settings(app, config) -> None:
    """``config-inited``: a wrong value stops the build at once, naming the setting, the value and what was expected.

    The checked settings are what every module reads (``archive_settings``): no module reads an ``archive_*``
    value from the configuration itself.
    """
    try:
        settings = read_settings(config)
    except SettingError as error:
        raise ConfigError(f"conf.py: {error}") from None
    setattr(config, _CACHE, settings)
    # Sphinx writes <link rel="canonical"> from html_baseurl.
    if settings.base_url and not config.html_baseurl:
        config.html_baseurl = settings.base_url


def archive_settings(config) -> Settings:
    settings = getattr(config, _CACHE, None)
    if settings is None:
        settings = read_settings(config)
        setattr(config, _CACHE, settings)
    return settings


def read_settings(config) -> Settings:
    """The settings as conf.py (and the dossier command) give them now, checked, not kept."""
    return Settings.from_values({option.name: getattr(config, option.name) for option in OPTIONS})
