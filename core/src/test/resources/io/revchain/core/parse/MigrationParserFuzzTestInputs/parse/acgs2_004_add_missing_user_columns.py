"""add missing user columns

Revision ID: 004_add_missing_user_columns
Revises: 003_add_policy_versions
Create Date: 2024-03-15 10:00:00.000000

Constitutional Hash: cdd01ef066bc6cf2
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '004_add_missing_user_columns'
down_revision = '003_add_policy_versions'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT 1  -- add_missing_user_columns")


def downgrade():
    pass
