"""outbox texts as marked text

Queued texts used to be Telegram HTML; they are now text with formatting marks (bot/render/marks.py), which
the sender turns into HTML when it sends. Messages still waiting at the upgrade are converted once, so
none arrives with its markup escaped.

Revision ID: 0003
Revises: 0002
"""

import html
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The marks of bot/render/marks.py, written out: a migration must not change when the code does.
_TAGS = {"<b>": "\ue000", "</b>": "\ue001", "<i>": "\ue002", "</i>": "\ue003", "<code>": "\ue004", "</code>": "\ue005"}
_TAG_RE = re.compile("|".join(re.escape(tag) for tag in _TAGS))

outbox = sa.table(
    "outbox",
    sa.column("id", sa.Integer),
    sa.column("text", sa.Text),
    sa.column("payload", sa.JSON),
    sa.column("sent_at", sa.DateTime),
    sa.column("failed_at", sa.DateTime),
)


def upgrade() -> None:
    bind = op.get_bind()
    pending = bind.execute(
        sa.select(outbox.c.id, outbox.c.text, outbox.c.payload).where(
            outbox.c.sent_at.is_(None), outbox.c.failed_at.is_(None)
        )
    ).all()
    for row_id, text, payload in pending:
        if (payload or {}).get("parse_mode", "HTML") is None or not text:
            continue  # plain text was sent as it is, and still is
        marked = html.unescape(_TAG_RE.sub(lambda m: _TAGS[m.group(0)], text))
        if marked != text:
            bind.execute(sa.update(outbox).where(outbox.c.id == row_id).values(text=marked))


def downgrade() -> None:
    pass  # marked text that has not been sent yet is sent as text by an older version; nothing to undo
