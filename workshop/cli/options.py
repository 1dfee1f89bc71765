"""What every command shares: options built from the settings table, the database, refusals."""

from pathlib import Path

import click

from .. import settings as config
from ..room.errors import WorkshopError
from ..storage import db as store


def setting_option(name, *decls, **extra):
    """A click option built from its entry in the one settings table (workshop/settings.py)."""
    setting = config.BY_NAME[name]
    text = setting.help.replace("**", "").replace("`", "")
    return click.option(
        setting.option,
        *decls,
        envvar=setting.env,
        default=setting.default,
        show_default=setting.default is not None,
        help=f"{text[0].upper()}{text[1:]} [env {setting.env}].",
        **extra,
    )


db_option = setting_option("DATABASE", "db_path", type=click.Path(dir_okay=False))


public_url_option = setting_option("PUBLIC_URL")


port_option = setting_option("PORT", type=int)


retention_option = setting_option("RETENTION_DAYS", type=click.IntRange(min=0))


def open_db(db_path):
    """Open and migrate the database the command was pointed at."""
    path = Path(db_path) if db_path else config.default_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    return store.migrate(store.connect(path)), path


class Refused(click.ClickException):
    """Bad input from the person at the terminal: one plain sentence, exit code 2."""

    exit_code = 2


def fail(error):
    raise Refused(error.message if isinstance(error, WorkshopError) else str(error))
