"""Showcase portfolios: pieces of published work with reflections, goals for the year, tags, feeds, export."""
from flask import Blueprint

#: `cli_group=None` puts its commands at the top level: `flask import-portfolio`
bp = Blueprint("portfolio", __name__, cli_group=None)
