// What every gantryctl command needs: a connected client, a synchronous call, and the printing
// rules (text or -json) with the exit codes of the CLI contract.
#pragma once

#include "apiresult.h"
#include "ctlarguments.h"

#include <QJsonValue>
#include <QObject>

class QIODevice;

namespace gantry {

class ControlPlaneClient;

enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitUnreachable = 3 };

class CtlSession final
{
public:
    explicit CtlSession(const CtlArguments &arguments);
    ~CtlSession();

    // Finds the address and token (arguments, environment or DATA/gantryd.json). On failure
    // returns the exit code after printing why.
    int connect();
    ApiResult call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json",
                   const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // Reads a long response as it arrives, writing every piece to stdout (log follow).
    ApiResult streamToStdout(const QString &path);
    // GET path, its body written to `out` as it arrives; a short body (fewer bytes than its
    // Content-Length) or a failed write is an error.
    ApiResult streamTo(const QString &path, QIODevice *out);

    // The transfer timeout of the following calls (default 10 s without a byte either way).
    void setTimeout(int milliseconds);

    bool json() const { return m_arguments.json; }
    void printJson(const QJsonValue &value) const;
    void printLine(const QString &text) const;
    // Prints rows as aligned columns under a header, like the nomad CLI.
    void printTable(const QStringList &header, const QList<QStringList> &rows) const;
    // Asks "question [y/N]" on a terminal; true without asking when stdin is not a terminal.
    bool confirm(const QString &question) const;
    // Prints the failure of `result` on stderr and returns the matching exit code.
    int fail(const ApiResult &result) const;
    int usageError(const QString &message) const;

private:
    CtlArguments m_arguments;
    ControlPlaneClient *m_client;
};

} // namespace gantry
