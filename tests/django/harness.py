#!/usr/bin/env python3
"""The Django side of PermShell's interchange tests (tests/PermShell.Tests/Django.Tests.ps1).

A real Django (Debian's python3-django, 3.2) on a throw-away SQLite database with only the auth and contenttypes
apps, as a Django site such as Alliance Auth has them. Two commands, each in a folder of its own:

  harness.py build FOLDER           creates a small site through Django's ORM (users, some inactive, a superuser,
                                    groups, custom permissions), then writes FOLDER/natural.json
                                    (dumpdata auth --natural-foreign --natural-primary), FOLDER/pks.json
                                    (dumpdata auth contenttypes, integer ids) and FOLDER/answers.json
  harness.py load FIXTURE FOLDER    migrates a fresh database, runs loaddata FIXTURE, writes FOLDER/answers.json

answers.json holds what Django itself says about the database: every permission as app_label.codename, every
user's flags, user.has_perm() for every user and permission, and the permission overview counted with the ORM the
way Alliance Auth's permissions tool counts it (distinct users granted directly, groups, users of those groups).
"""
import json
import os
import sys

if not sys.flags.utf8_mode:
    # dumpdata opens its output with the locale's encoding; fixtures are UTF-8 whatever the machine's locale.
    os.execv(sys.executable, [sys.executable, "-X", "utf8"] + sys.argv)


def setup(folder):
    import django
    from django.conf import settings
    from django.core.management import call_command

    os.makedirs(folder, exist_ok=True)
    settings.configure(
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(folder, "db.sqlite3")}},
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SECRET_KEY="permshell-tests",
    )
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def create_site():
    """A small Alliance Auth-like site, made only through Django's ORM."""
    from django.contrib.auth.models import Group, Permission, User
    from django.contrib.contenttypes.models import ContentType

    def permission(label):
        app, codename = label.split(".")
        return Permission.objects.get(content_type__app_label=app, codename=codename)

    tool = ContentType.objects.create(app_label="permissions_tool", model="permissionstool")
    Permission.objects.create(content_type=tool, codename="audit_permissions", name="Can audit permissions")
    page = ContentType.objects.create(app_label="wiki", model="page")
    for codename, name in [("view_page", "Can view page"), ("change_page", "Can change page"),
                           ("publish_page", "Peut publier la page « café » 😀")]:
        Permission.objects.create(content_type=page, codename=codename, name=name)

    editors = Group.objects.create(name="editors")
    editors.permissions.set([permission("wiki.view_page"), permission("wiki.change_page")])
    auditors = Group.objects.create(name="Auditors, EU")
    auditors.permissions.set([permission("permissions_tool.audit_permissions"), permission("auth.view_user")])
    Group.objects.create(name="empty")

    User.objects.create_superuser("alice", "alice@example.org", "pw")
    bob = User.objects.create_user("bob", "bob@example.org", "pw", first_name="Bob", last_name="Builder")
    bob.groups.add(editors)
    bob.user_permissions.add(permission("auth.change_user"))
    carol = User.objects.create_user("carol", "", "pw", is_active=False)
    carol.groups.add(editors, auditors)
    carol.user_permissions.add(permission("wiki.publish_page"))
    dave = User.objects.create_user("dave", is_staff=True)
    dave.groups.add(auditors)
    dave.user_permissions.add(permission("permissions_tool.audit_permissions"), permission("wiki.view_page"))
    josé = User.objects.create_user("josé.ü@example")
    josé.groups.add(editors)
    User.objects.create_user("erin")
    User.objects.create_superuser("zed", "", "pw", is_active=False)


def answers():
    from django.contrib.auth.models import Permission, User
    from django.db.models import Count

    def label(p):
        return f"{p.content_type.app_label}.{p.codename}"

    permissions = sorted(label(p) for p in Permission.objects.select_related("content_type"))
    users = {}
    held = {}
    for user in User.objects.order_by("username"):
        users[user.username] = {"email": user.email, "isActive": user.is_active, "isSuperuser": user.is_superuser}
        # A fresh object each time: ModelBackend caches a user's permissions on the object.
        held[user.username] = [p for p in permissions if User.objects.get(pk=user.pk).has_perm(p)]
    # Alliance Auth's permissions_tool overview, without its State model (plain Django has none).
    overview = (Permission.objects.select_related("content_type")
                .annotate(Count("user", distinct=True))
                .annotate(Count("group", distinct=True))
                .annotate(Count("group__user", distinct=True)))
    rows = sorted(({"permission": label(p), "users": p.user__count, "groups": p.group__count,
                    "groupUsers": p.group__user__count} for p in overview), key=lambda r: r["permission"])
    return {"permissions": permissions, "users": users, "held": held, "overview": rows}


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=2)


def main(argv):
    from django.core.management import call_command

    if len(argv) == 2 and argv[0] == "build":
        folder = argv[1]
        setup(os.path.join(folder, "site"))
        create_site()
        call_command("dumpdata", "auth", natural_foreign=True, natural_primary=True, indent=2,
                     output=os.path.join(folder, "natural.json"))
        call_command("dumpdata", "auth", "contenttypes", indent=2, output=os.path.join(folder, "pks.json"))
        write_json(os.path.join(folder, "answers.json"), answers())
    elif len(argv) == 3 and argv[0] == "load":
        fixture, folder = argv[1], argv[2]
        setup(os.path.join(folder, "site"))
        call_command("loaddata", fixture, verbosity=0)
        write_json(os.path.join(folder, "answers.json"), answers())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
