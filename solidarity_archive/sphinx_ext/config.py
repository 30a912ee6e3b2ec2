"""The archive's settings in Sphinx: registered with their types, checked once when conf.py is read.

The options and their checks are declared once, in ``core.settings``;
``archive_settings(config)`` is the one typed object every module reads. The
pipeline checks them at ``config-inited`` (``check_settings``) and holds the
result (``build_state.hold_settings``): nothing is stored on ``Config``.
"""

from __future__ import annotations

from sphinx.errors import ConfigError

from solidarity_archive.core.settings import OPTIONS, SettingError, Settings
from solidarity_archive.sphinx_ext.build_state import held_settings, hold_settings


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
    hold_settings(config, settings)
    # Sphinx writes <link rel="canonical"> from html_baseurl.
    if settings.base_url and not config.html_baseurl:
        config.html_baseurl = settings.base_url


def archive_settings(config) -> Settings:
    """The checked settings of this configuration (read and held on first use outside a build)."""
    settings = held_settings(config)
    if settings is None:
        settings = read_settings(config)
        hold_settings(config, settings)
    return settings


def read_settings(config) -> Settings:
    """The settings as conf.py (and the dossier command) give them now, checked, not kept."""
    return Settings.from_values({option.name: getattr(config, option.name) for option in OPTIONS})
