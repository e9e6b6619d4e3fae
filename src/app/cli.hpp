// The `switchboard` command line: serve, migrate, token, demo, copy.
#pragma once

namespace sb::app {

// Parses arguments and runs the sub-command; returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace sb::app
