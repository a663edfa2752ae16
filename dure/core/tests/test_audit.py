import pytest

from dure.core.audit import log_action
from dure.core.models import AuditLog


@pytest.mark.django_db
def test_log_action_records_actor_target_data(staff_user, make_enterprise):
    enterprise = make_enterprise()
    entry = log_action(
        "registry.enterprise.viewed", actor=staff_user, target=enterprise, data={"x": 1}, ip="10.0.0.1"
    )
    assert (entry.actor, entry.action, entry.target_type, entry.target_pk, entry.data, entry.ip) == (
        staff_user,
        "registry.enterprise.viewed",
        "registry.enterprise",
        str(enterprise.pk),
        {"x": 1},
        "10.0.0.1",
    )


@pytest.mark.django_db
def test_audit_log_is_append_only():
    entry = log_action("core.test.done")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.all().delete()
    with pytest.raises(TypeError):
        AuditLog.objects.update(action="x")
    assert AuditLog.objects.filter(action="core.test.done").count() == 1
