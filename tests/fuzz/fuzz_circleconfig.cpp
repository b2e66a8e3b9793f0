// libFuzzer harness: CircleCI config.yml parsing (outside input: every `job run` body).
#include "fleet/circleconfigparser.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gantry::CircleConfigParser parser;
    const auto result =
        parser.parse(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    // Errors must always carry a position and a message.
    for (const gantry::ConfigError &e : result.errors)
        if (e.message.isEmpty())
            __builtin_trap();
    return 0;
}
