"""The `workshop` command: a click group of the commands in this package.

Commands are grouped by when an organiser needs them: preparing and printing
(before the day), room (on the day), keeping (after it).
"""

import click

from . import keeping, preparing, printing, room, themes


@click.group()
@click.version_option(package_name="workshop")
def cli():
    """Live co-production workshops for Social Value commissioning."""


for _module in (room, preparing, printing, keeping, themes):
    for _command in vars(_module).values():
        if isinstance(_command, click.Command):
            cli.add_command(_command)
