// On a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT), writes the signal's name and a
// backtrace to standard error, then dies of the same signal: a crash in the field or in CI
// leaves a trace to act on instead of only "crashed".
#pragma once

namespace gantry {

void installCrashReport(const char *program);

} // namespace gantry
