"""task 9 constitutional cache

Revision ID: task9_constitutional_cache
Revises: task8_incremental_compilation_v2
Create Date: 2024-04-15 10:00:00.000000

Constitutional Hash: cdd01ef066bc6cf2
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'task9_constitutional_cache'
down_revision = 'task8_incremental_compilation_v2'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT 1  -- task_9_constitutional_cache")


def downgrade():
    pass
