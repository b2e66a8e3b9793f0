#include "compactjson.h"

#include <QCborValue>
#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace gantry::CompactJson {

namespace {

char16_t hexDigit(unsigned value)
{
    return char16_t(value < 10 ? '0' + value : 'a' + value - 10);
}

void appendEscapedUnit(QString &out, char16_t unit)
{
    const char16_t escape[6] = {u'\\',
                                u'u',
                                hexDigit(unit >> 12 & 0xf),
                                hexDigit(unit >> 8 & 0xf),
                                hexDigit(unit >> 4 & 0xf),
                                hexDigit(unit & 0xf)};
    out.append(reinterpret_cast<const QChar *>(escape), 6);
}

// As Qt's writer: ", \ and controls escaped (\b \f \n \r \t by name), other characters as they
// are, and a surrogate that is not half of a valid pair as \uXXXX (Qt could not encode it).
void appendString(QString &out, QStringView text)
{
    out.append(u'"');
    const char16_t *const begin = text.utf16();
    const char16_t *const end = begin + text.size();
    const char16_t *plain = begin; // start of the run not yet appended
    for (const char16_t *p = begin; p != end; ++p) {
        const char16_t u = *p;
        const bool control = u < 0x20 || u == u'"' || u == u'\\';
        const bool surrogate = QChar::isSurrogate(u);
        if (!control && !surrogate)
            continue;
        if (surrogate && QChar::isHighSurrogate(u) && p + 1 != end && QChar::isLowSurrogate(p[1])) {
            ++p; // a valid pair stays as it is
            continue;
        }
        out.append(reinterpret_cast<const QChar *>(plain), p - plain);
        plain = p + 1;
        if (surrogate) {
            appendEscapedUnit(out, u);
            continue;
        }
        switch (u) {
        case u'"':
            out.append(u"\\\"");
            break;
        case u'\\':
            out.append(u"\\\\");
            break;
        case 0x8:
            out.append(u"\\b");
            break;
        case 0xc:
            out.append(u"\\f");
            break;
        case 0xa:
            out.append(u"\\n");
            break;
        case 0xd:
            out.append(u"\\r");
            break;
        case 0x9:
            out.append(u"\\t");
            break;
        default:
            appendEscapedUnit(out, u);
        }
    }
    out.append(reinterpret_cast<const QChar *>(plain), end - plain);
    out.append(u'"');
}

void appendObject(QString &out, const QJsonObject &object);
void appendArray(QString &out, const QJsonArray &array);

void appendValue(QString &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        out.append(value.toBool() ? u"true" : u"false");
        break;
    case QJsonValue::Double: {
        // Integers and doubles are written differently (1000000 and 1e+06); only the CBOR
        // value tells which one the JSON value holds.
        const QCborValue number = QCborValue::fromJsonValue(value);
        if (number.isInteger()) {
            out.append(QString::number(number.toInteger()));
        } else if (const double d = number.toDouble(); std::isfinite(d)) {
            out.append(QString::number(d, 'g', QLocale::FloatingPointShortest));
        } else {
            out.append(u"null");
        }
        break;
    }
    case QJsonValue::String:
        appendString(out, value.toString());
        break;
    case QJsonValue::Array:
        appendArray(out, value.toArray());
        break;
    case QJsonValue::Object:
        appendObject(out, value.toObject());
        break;
    default:
        out.append(u"null");
    }
}

void appendArray(QString &out, const QJsonArray &array)
{
    out.append(u'[');
    bool first = true;
    for (const QJsonValue &v : array) {
        if (!first)
            out.append(u',');
        first = false;
        appendValue(out, v);
    }
    out.append(u']');
}

void appendObject(QString &out, const QJsonObject &object)
{
    out.append(u'{');
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it != object.constBegin())
            out.append(u',');
        appendString(out, it.key());
        out.append(u':');
        appendValue(out, it.value());
    }
    out.append(u'}');
}

} // namespace

QString write(const QJsonObject &object)
{
    // Written into a buffer that keeps its capacity, then copied once at its final size. A
    // buffer grown by a large payload is let go, not kept for the thread's life.
    constexpr qsizetype kKeptCapacity = 64 * 1024;
    thread_local QString buffer;
    buffer.resize(0);
    appendObject(buffer, object);
    QString text(buffer.constData(), buffer.size());
    if (buffer.capacity() > kKeptCapacity)
        buffer = QString();
    return text;
}

} // namespace gantry::CompactJson
