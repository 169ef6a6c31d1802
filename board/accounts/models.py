"""People: one account per person, with a school-wide role."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from board.extensions import db
from board.timeutil import utcnow

ROLES = ("student", "teacher", "reader", "family", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the person signs in with: a username or an email, lower-cased
    login: Mapped[str] = mapped_column(String(254), unique=True)
    #: shown to admins only, never on a page anyone else reads
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    last_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="student")
    #: a deactivated account cannot sign in; its published work stays
    active: Mapped[bool] = mapped_column(default=True)
    #: bumped to end every session of this account (password change, deactivation)
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    #: the signed-in device this request came from (a UserSession token), set when it is loaded
    session_token = ""

    @property
    def display_name(self) -> str:
        """Return first name and last initial (its first letter), the only name other people see."""
        initial = next((c for c in self.last_name if c.isalpha()), "").upper()
        return f"{self.first_name.strip()} {initial}." if initial else self.first_name.strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def get_id(self) -> str:
        """Return what the session and remember-me cookies carry: the account and this device's sign-in."""
        return f"{self.id}.{self.session_version}.{self.session_token}"

    def set_password(self, password: str) -> None:
        """Hash and store a new password."""
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.login} {self.role}>"


class UserSession(db.Model):
    """One signed-in device; signing out deletes it, so a copied cookie opens nothing afterwards."""

    __tablename__ = "user_sessions"

    #: SHA-256 of the token in the cookies: the table alone signs nobody in
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: updated at most every few minutes, so reading a page rarely writes
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
