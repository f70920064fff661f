"""add constitutional principles

Revision ID: 002_add_constitutional_principles
Revises: 001_multi_tenant
Create Date: 2024-03-05 10:00:00.000000

Constitutional Hash: cdd01ef066bc6cf2
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '002_add_constitutional_principles'
down_revision = '001_multi_tenant'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT 1  -- add_constitutional_principles")


def downgrade():
    pass
