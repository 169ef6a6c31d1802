"""Every model, imported in one place so migrations and create_all see the whole schema."""
from board.accounts.models import User
from board.admin.models import SchoolSettings
from board.classes.models import AuditEntry, Classroom, Membership
from board.colleagues.models import Contribution, SharedWork
from board.discussions.models import Flag, Post, PostVersion, Reminder
from board.families.models import FamilyConsent, FamilyInvitation, FamilyLink
from board.mail.models import MailPreference, OutboxMessage
from board.media.models import Image, ImageBlob
from board.moderation.models import Decision
from board.notifications.models import Notification
from board.pads.models import Pad, PadMember, PadRevision, PadSnapshot, PadUpdate
from board.portfolio.models import Goal, Piece, Tag
from board.prompts.models import Prompt, PromptTrust

__all__ = [
    "AuditEntry", "Classroom", "Contribution", "Decision", "FamilyConsent", "FamilyInvitation", "FamilyLink",
    "Flag", "Goal", "Image", "ImageBlob", "MailPreference", "Membership", "Notification", "OutboxMessage",
    "Pad", "PadMember", "PadRevision", "PadSnapshot", "PadUpdate", "Piece", "Post", "PostVersion", "Prompt",
    "PromptTrust", "Reminder", "SchoolSettings", "SharedWork", "Tag", "User",
]
