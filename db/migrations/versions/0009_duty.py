"""值班: the duty roster's tables and the office's own calendar entries (calendar_overrides)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

New tables only, empty. The default roles and shifts are put in by the services the first
time the roster is used (services.duty.setup.ensure_defaults), through the ORM, so the
history logs them with the clock's time like any other change (a migration stamping them
with the wall clock would make two demo files of one seed differ).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('calendar_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=20), server_default=sa.text("''"), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f('ck_calendar_overrides_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_overrides')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_overrides_day'))
    )
    op.create_table('duty_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('1'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_roles')),
    sa.UniqueConstraint('name', name=op.f('uq_duty_roles_name'))
    )
    op.create_table('duty_shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('day_kind', sa.String(length=10), nullable=False),
    sa.Column('start', sa.String(length=5), nullable=False),
    sa.Column('end', sa.String(length=5), nullable=False),
    sa.Column('overnight', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('night', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('sort_order', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('1'), nullable=False),
    sa.CheckConstraint("day_kind IN ('workday', 'restday', 'any')", name=op.f('ck_duty_shifts_day_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_shifts'))
    )
    op.create_table('duty_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('event', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('reported_to', sa.String(length=50), server_default=sa.text("''"), nullable=False),
    sa.Column('handed_to', sa.String(length=50), server_default=sa.text("''"), nullable=False),
    sa.Column('written_by', sa.String(length=50), server_default=sa.text("''"), nullable=False),
    sa.ForeignKeyConstraint(['shift_id'], ['duty_shifts.id'], name=op.f('fk_duty_log_shift_id_duty_shifts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_log'))
    )
    op.create_index(op.f('ix_duty_log_day'), 'duty_log', ['day'], unique=False)
    op.create_table('duty_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['duty_roles.id'], name=op.f('fk_duty_assignments_role_id_duty_roles')),
    sa.ForeignKeyConstraint(['shift_id'], ['duty_shifts.id'], name=op.f('fk_duty_assignments_shift_id_duty_shifts')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_assignments_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_assignments')),
    sa.UniqueConstraint('day', 'shift_id', 'role_id', name='cell')
    )
    op.create_index('ix_duty_assignments_staff_day', 'duty_assignments', ['staff_id', 'day'], unique=False)
    op.create_table('duty_eligibility',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['role_id'], ['duty_roles.id'], name=op.f('fk_duty_eligibility_role_id_duty_roles')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_eligibility_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_eligibility'))
    )
    op.create_index('ix_duty_eligibility_role_staff', 'duty_eligibility', ['role_id', 'staff_id'], unique=False)
    op.create_index(op.f('ix_duty_eligibility_staff_id'), 'duty_eligibility', ['staff_id'], unique=False)
    op.create_table('duty_swaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('first_shift_id', sa.Integer(), nullable=False),
    sa.Column('first_staff_id', sa.Integer(), nullable=False),
    sa.Column('second_day', sa.Date(), nullable=False),
    sa.Column('second_shift_id', sa.Integer(), nullable=False),
    sa.Column('second_staff_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), server_default=sa.text("''"), nullable=False),
    sa.Column('approved_by', sa.String(length=50), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=50), server_default=sa.text("''"), nullable=False),
    sa.ForeignKeyConstraint(['first_shift_id'], ['duty_shifts.id'], name=op.f('fk_duty_swaps_first_shift_id_duty_shifts')),
    sa.ForeignKeyConstraint(['first_staff_id'], ['staff.id'], name=op.f('fk_duty_swaps_first_staff_id_staff')),
    sa.ForeignKeyConstraint(['role_id'], ['duty_roles.id'], name=op.f('fk_duty_swaps_role_id_duty_roles')),
    sa.ForeignKeyConstraint(['second_shift_id'], ['duty_shifts.id'], name=op.f('fk_duty_swaps_second_shift_id_duty_shifts')),
    sa.ForeignKeyConstraint(['second_staff_id'], ['staff.id'], name=op.f('fk_duty_swaps_second_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_swaps'))
    )
    op.create_index(op.f('ix_duty_swaps_first_day'), 'duty_swaps', ['first_day'], unique=False)
    op.create_table('duty_unavailability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=100), server_default=sa.text("''"), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_duty_unavailability_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_unavailability'))
    )
    op.create_index(op.f('ix_duty_unavailability_staff_id'), 'duty_unavailability', ['staff_id'], unique=False)


def downgrade() -> None:
    for name in ("duty_unavailability", "duty_swaps", "duty_eligibility", "duty_assignments", "duty_log",
                 "duty_shifts", "duty_roles", "calendar_overrides"):
        op.drop_table(name)
