"""Commons: a moderated discussion board for schools."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from board import config as board_config
from board.extensions import csrf, db, limiter, login_manager, migrate, sock

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Create the app: configuration, extensions, blueprints, errors, headers and commands."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    board_config.load(app, config)
    if app.config["PROXY_HOPS"]:
        # Behind a proxy the client is in X-Forwarded-For; rate limits key on that address, so
        # only as many hops as there are proxies are believed (a client cannot name itself).
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    from board import pagecache

    # First among the request hooks: a cached public page needs nothing else of the request.
    pagecache.register(app)
    limiter.init_app(app)
    # init_app gives the limiter a new store but keeps the "store is dead" mark of an earlier app
    # in this process, which would keep every counter in memory; the new store starts healthy.
    limiter._storage_dead = False
    sock.init_app(app)

    from board.web import IdConverter

    # Before any route is added: an id past what the database holds is "not found", not an error.
    app.url_map.converters["int"] = IdConverter
    from board import models  # noqa: F401  (the whole schema, for migrations)
    from board.accounts.routes import bp as accounts_bp
    from board.admin.routes import bp as admin_bp
    from board.classes.reset_routes import bp as resets_bp
    from board.classes.routes import bp as classes_bp
    from board.colleagues.routes import bp as colleagues_bp
    from board.discussions.routes import bp as discussions_bp
    from board.home.routes import bp as home_bp
    from board.media.routes import bp as media_bp
    from board.moderation.routes import bp as moderation_bp
    from board.norms.routes import bp as norms_bp
    from board.notifications.routes import bp as notifications_bp
    from board.pads.picture_routes import bp as pad_pictures_bp
    from board.pads.routes import bp as pads_bp
    from board.portfolio.routes import bp as portfolio_bp
    from board.prompts.routes import bp as prompts_bp

    for blueprint in (
        home_bp, accounts_bp, classes_bp, prompts_bp, discussions_bp,
        moderation_bp, notifications_bp, admin_bp, norms_bp, pads_bp, resets_bp, colleagues_bp, media_bp,
        portfolio_bp, pad_pictures_bp,
    ):
        app.register_blueprint(blueprint)
    from board.families.routes import bp as families_bp
    from board.families.teacher import bp as family_invitations_bp

    app.register_blueprint(families_bp)
    app.register_blueprint(family_invitations_bp)

    from board import cli, errors, web

    errors.register(app)
    web.register(app)
    cli.register(app)
    return app
