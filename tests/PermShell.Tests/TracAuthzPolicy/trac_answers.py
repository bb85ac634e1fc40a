"""Answers questions with Trac 1.6's own AuthzPolicy followed by DefaultPermissionPolicy.

usage: python3 trac_answers.py <trac source folder> <authz file> [subject=action ...] < questions.tsv > answers.tsv

The environment has Trac's default permissions (as PermShell's Trac template) plus the permission-table rows given
as subject=action (a row whose action is not a permission makes the subject a member of that group). Each question
line is 'user<TAB>action<TAB>descriptor' (the descriptor AuthzPolicy.normalise_resource would make); each answer line
adds 'True' or 'False'. answers.tsv was made by running this on Trac 1.6 (git tag trac-1.6, run from its source):
    cut -f1-3 answers.tsv | python3 trac_answers.py <trac> authz_policy.conf bob=release release=REPORT_ADMIN
and gives the same answers for exported.conf, the file PermShell writes back (TracAuthzPolicy.Tests.ps1).
"""
import os
import sys
import tempfile

sys.path.insert(0, sys.argv[1])
from trac.perm import PermissionCache, PermissionSystem  # noqa: E402
from trac.test import EnvironmentStub  # noqa: E402
from tracopt.perm.authz_policy import AuthzPolicy  # noqa: E402
# The components that define Trac's permissions (the catalog of PermShell's Trac template).
import trac.about, trac.admin.web_ui, trac.search.web_ui, trac.timeline.web_ui, trac.ticket.api  # noqa: E401,E402,F401
import trac.ticket.report, trac.ticket.roadmap, trac.ticket.web_ui, trac.ticket.batch, trac.ticket.query  # noqa: E401,E402,F401
import trac.versioncontrol.admin, trac.versioncontrol.web_ui, trac.wiki.web_ui, trac.web.chrome, trac.prefs.web_ui  # noqa: E401,E402,F401

env = EnvironmentStub(default_data=True, enable=['trac.*', AuthzPolicy], path=tempfile.mkdtemp())
env.config.set('trac', 'permission_policies', 'AuthzPolicy, DefaultPermissionPolicy')
env.config.set('authz_policy', 'authz_file', os.path.abspath(sys.argv[2]))
for row in sys.argv[3:]:
    subject, action = row.split('=')
    PermissionSystem(env).grant_permission(subject, action)
policy = AuthzPolicy(env)
policy.normalise_resource = lambda resource: resource
default = PermissionSystem(env)
for line in sys.stdin:
    user, action, descriptor = line.rstrip('\n').split('\t')
    said = policy.check_permission(action, user, descriptor, None)
    if said is None:  # DefaultPermissionPolicy: the permission table, meta-expanded
        said = action in default.get_user_permissions(user)
    print('\t'.join([user, action, descriptor, str(bool(said))]))
