"""Answers questions with Trac 1.6's own AuthzPolicy, then DefaultPermissionPolicy over an empty permission table.

usage: python3 trac_answers.py <trac source folder> <authz file> < questions.tsv > answers.tsv
Each question line is 'user<TAB>action<TAB>descriptor'; each answer line adds 'True' or 'False'. This is how
answers.tsv was made from authz_policy.conf (Trac 1.6 from its git tag trac-1.6, run from source).
"""
import os
import sys
import tempfile

sys.path.insert(0, sys.argv[1])
from trac.perm import PermissionSystem  # noqa: E402
from trac.test import EnvironmentStub  # noqa: E402
from tracopt.perm.authz_policy import AuthzPolicy  # noqa: E402

env = EnvironmentStub(enable=['trac.*', AuthzPolicy], path=tempfile.mkdtemp())
env.config.set('trac', 'permission_policies', 'AuthzPolicy, DefaultPermissionPolicy')
env.config.set('authz_policy', 'authz_file', os.path.abspath(sys.argv[2]))
policy = AuthzPolicy(env)
# The question names the descriptor that normalise_resource would make of a resource.
policy.normalise_resource = lambda resource: resource
for line in sys.stdin:
    user, action, descriptor = line.rstrip('\n').split('\t')
    said = policy.check_permission(action, user, descriptor, None)
    if said is None:  # DefaultPermissionPolicy over an empty table
        said = action in PermissionSystem(env).get_user_permissions(user)
    print('\t'.join([user, action, descriptor, str(bool(said))]))
