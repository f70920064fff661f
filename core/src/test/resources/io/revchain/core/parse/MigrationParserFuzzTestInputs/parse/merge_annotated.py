"""merge

Revision ID: m1
Revises: a, b
"""
from typing import Sequence, Union
revision: str = "m1"
down_revision: Union[str, Sequence[str], None] = ("a",
    "b",)
branch_labels = None
depends_on = None
