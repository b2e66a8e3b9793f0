// CompactJson::write against Qt's own compact writer: the audit store's stored text (and so every
// CSV export) must not change by a character when the writer does.
#include "audit/compactjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

using namespace gantry;

namespace {

QString qtCompact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

class Generator
{
public:
    explicit Generator(quint32 seed)
        : m_random(seed)
    {}

    QString string()
    {
        static const char16_t kPool[] = {u'a',   u'Z',   u'0',   u' ',   u'"',   u'\\',  u'/',
                                         0x8,    0x9,    0xa,    0xc,    0xd,    0x1,    0x1f,
                                         0x7f,   0xe9,   0x4e2d, 0xfeff, 0xfffe, 0xd83d, 0xde00,
                                         0xdbff, 0xdc00, u'=',   u'\'',  u','};
        QString s;
        const int n = int(m_random.bounded(12));
        for (int i = 0; i < n; ++i)
            s.append(QChar(kPool[m_random.bounded(int(std::size(kPool)))]));
        return s;
    }

    QJsonValue number()
    {
        switch (m_random.bounded(9)) {
        case 0:
            return qint64(m_random.bounded(1000)) - 500;
        case 1:
            return qint64(m_random.generate64());
        case 2:
            return double(m_random.bounded(10000000)); // integral double: 1e+06 vs 1000000
        case 3:
            return m_random.generateDouble() * 1e6;
        case 4:
            return -m_random.generateDouble() / 1e9;
        case 5:
            return std::ldexp(m_random.generateDouble(), int(m_random.bounded(2000)) - 1000);
        case 6:
            return -0.0;
        case 7:
            return std::numeric_limits<double>::infinity();
        default:
            return std::numeric_limits<qint64>::min();
        }
    }

    QJsonValue value(int depth)
    {
        switch (m_random.bounded(depth > 3 ? 5 : 7)) {
        case 0:
            return string();
        case 1:
            return number();
        case 2:
            return m_random.bounded(2) == 1;
        case 3:
            return QJsonValue(QJsonValue::Null);
        case 4:
            return string();
        case 5: {
            QJsonArray a;
            for (int i = int(m_random.bounded(4)); i > 0; --i)
                a.append(value(depth + 1));
            return a;
        }
        default:
            return object(depth + 1);
        }
    }

    QJsonObject object(int depth = 0)
    {
        QJsonObject o;
        for (int i = int(m_random.bounded(6)); i > 0; --i)
            o.insert(string(), value(depth));
        return o;
    }

private:
    QRandomGenerator m_random;
};

} // namespace

class TestCompactJson : public QObject
{
    Q_OBJECT

private slots:
    void writesWhatQtWrites_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("empty") << QJsonObject{};
        QTest::newRow("event actor")
            << QJsonObject{{"id", "u-1"}, {"name", "alice"}, {"type", "user"}};
        QTest::newRow("nested") << QJsonObject{
            {"a", QJsonArray{1, 2.5, "x", QJsonObject{{"k", QJsonValue::Null}}, QJsonArray{}}},
            {"b", QJsonObject{}},
            {"c", true}};
        QTest::newRow("integral double") << QJsonObject{{"n", 1000000.0}, {"i", qint64(1000000)}};
        QTest::newRow("quotes and controls")
            << QJsonObject{{"q\"k", "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj"}};
        QTest::newRow("unicode") << QJsonObject{{"s", QString::fromUtf8("zß水🚀")}};
        QTest::newRow("lone surrogates") << QJsonObject{
            {"s", QString(QChar(0xd83d)) + "x" + QChar(0xde00)}, {"t", QString(QChar(0xd83d))}};
        QTest::newRow("larger than the kept buffer")
            << QJsonObject{{"big", QString(100000, u'\u00e9')}, {"n", 1}};
        QTest::newRow("small after large") << QJsonObject{{"a", "b"}};
        QTest::newRow("not finite")
            << QJsonObject{{"inf", std::numeric_limits<double>::infinity()}, {"nan", std::nan("")}};
    }

    void writesWhatQtWrites()
    {
        QFETCH(QJsonObject, object);
        QCOMPARE(CompactJson::write(object), qtCompact(object));
    }

    void writesWhatQtWritesForGeneratedObjects()
    {
        for (quint32 seed = 1; seed <= 20000; ++seed) {
            const QJsonObject object = Generator(seed).object();
            const QString ours = CompactJson::write(object);
            const QString qts = qtCompact(object);
            if (ours != qts)
                QFAIL(qPrintable(
                    QStringLiteral("seed %1:\n ours %2\n Qt's %3").arg(seed).arg(ours, qts)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCompactJson)
#include "tst_compactjson.moc"
