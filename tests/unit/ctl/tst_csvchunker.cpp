// CsvChunker: chunks of at most the given size that end at record boundaries (never inside a
// quoted field, whose line feeds are not record ends), and that put the file back together.
#include "csvchunker.h"

#include <QBuffer>
#include <QTest>

using gantry::CsvChunker;

class TestCsvChunker final : public QObject
{
    Q_OBJECT

    static QList<QByteArray> chunks(const QByteArray &csv, qint64 size)
    {
        QByteArray copy = csv;
        QBuffer buffer(&copy);
        buffer.open(QIODevice::ReadOnly);
        CsvChunker chunker(&buffer, size);
        QList<QByteArray> out;
        while (!chunker.atEnd()) {
            QString why;
            out << chunker.next(&why);
            if (!why.isEmpty() || out.size() > 10000)
                break;
        }
        return out;
    }

private Q_SLOTS:
    void cutsAtRecordBoundariesOnly()
    {
        const QByteArray csv = "a,b\r\n\"x\ny\",2\r\n\"say \"\"hi\"\"\n,\",3\r\nplain,4\r\n"
                               "\"\n\n\n\",5\r\nlast,6";
        for (qint64 size = 1; size <= csv.size() + 1; ++size) {
            const QList<QByteArray> parts = chunks(csv, size);
            QCOMPARE(parts.join(), csv);
            for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
                QVERIFY(parts[i].size() <= size);
                const QByteArray before = parts.mid(0, i + 1).join();
                // A cut is a record end: the text before it has an even number of quotes and
                // ends with a line feed, or (a record longer than a chunk) is a full chunk.
                const bool boundary = before.endsWith('\n') && before.count('"') % 2 == 0;
                QVERIFY2(boundary || parts[i].size() == size,
                         qPrintable(QStringLiteral("size %1, chunk %2").arg(size).arg(i)));
            }
        }
    }
    void recordBoundariesWhenRecordsFit()
    {
        QByteArray csv = "h1,h2\r\n";
        for (int i = 0; i < 100; ++i)
            csv += "\"multi\nline " + QByteArray::number(i) + "\",x\r\n";
        const QList<QByteArray> parts = chunks(csv, 64);
        QVERIFY(parts.size() > 10);
        for (const QByteArray &part : parts) {
            QVERIFY(part.size() <= 64);
            QVERIFY(part.endsWith("\r\n"));
            QCOMPARE(part.count('"') % 2, 0);
        }
        QCOMPARE(parts.join(), csv);
    }
    void emptyFileHasNoChunk() { QCOMPARE(chunks({}, 10).size(), 0); }
};

QTEST_GUILESS_MAIN(TestCsvChunker)
#include "tst_csvchunker.moc"
