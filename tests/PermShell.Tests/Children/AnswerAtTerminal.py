# Runs a command on a pseudo-terminal, as a person at a console would, for Consent.Tests.ps1: each time the
# prompt's last line ('(default is') appears, it types ANSWER; it prints everything the command wrote and exits
# with the command's exit code.
# usage: python3 AnswerAtTerminal.py ANSWER COMMAND [ARGS...]   (ANSWER with escapes: 'y\r', '\r' for Enter)
import os
import pty
import select
import sys
import time

answer = sys.argv[1].encode().decode('unicode_escape').encode()
argv = sys.argv[2:]
prompt = b'(default is'
cursor_query = b'\x1b[6n'

pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)

output = b''
answered = 0
queried = 0
deadline = time.time() + 120  # only a hung child gets near this; the test then fails on its output
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 1)
    if fd not in ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # the child closed the terminal
        break
    if not chunk:
        break
    output += chunk
    # .NET asks the terminal where the cursor is and waits for the reply: answer as a terminal would.
    if output.count(cursor_query) > queried:
        queried = output.count(cursor_query)
        os.write(fd, b'\x1b[1;1R')
    if output.count(prompt) > answered:
        answered = output.count(prompt)
        os.write(fd, answer)

_, status = os.waitpid(pid, 0)
sys.stdout.write(output.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(status))
