#include "crashreport.h"

#include <csignal>
#include <cstring>
#include <execinfo.h>
#include <initializer_list>
#include <unistd.h>

namespace gantry {

namespace {

const char *g_program = "gantry";

void writeText(const char *text)
{
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, text, std::strlen(text));
}

// Only async-signal-safe calls here: write, backtrace_symbols_fd (its library is loaded at
// install time) and raise. SA_RESETHAND has put the default action back, so the raise kills.
void report(int signalNumber)
{
    writeText(g_program);
    writeText(": fatal signal ");
    const char *name = sigabbrev_np(signalNumber);
    writeText(name ? name : "?");
    writeText(", backtrace:\n");
    void *frames[64];
    const int count = ::backtrace(frames, 64);
    ::backtrace_symbols_fd(frames, count, STDERR_FILENO);
    std::raise(signalNumber);
}

} // namespace

void installCrashReport(const char *program)
{
    g_program = program;
    void *warmUp[1];
    ::backtrace(warmUp, 1); // loads libgcc's unwinder now, not inside the handler
    for (const int s : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) {
        struct sigaction action = {};
        action.sa_handler = &report;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        ::sigaction(s, &action, nullptr);
    }
}

} // namespace gantry
