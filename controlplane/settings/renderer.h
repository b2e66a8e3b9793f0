// The interface of the renderers that turn applied settings into the files the operations guide
// has an operator write by hand, and what they read and produce.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace gantry {

class SettingsSchema;
class SettingsDocument;

struct RenderedFile
{
    QString path; // relative to rendered/<version>/, e.g. "telegraf/datadog.conf"
    QByteArray content;
    bool secret = false; // holds a secret or credentials: written with mode 0600
};

// Read access to one document for renderers: effective values of shown items only, so a value
// hidden by `when` (an access key with auth: iam_instance_profile) is never rendered.
class RenderContext final
{
public:
    RenderContext(const SettingsSchema &schema, const SettingsDocument &document, int version)
        : m_schema(schema)
        , m_document(document)
        , m_version(version)
    {}

    QJsonValue value(const QString &path) const;
    QString text(const QString &path) const { return value(path).toString(); }
    bool flag(const QString &path) const { return value(path).toBool(); }
    QStringList list(const QString &path) const;
    QJsonObject map(const QString &path) const { return value(path).toObject(); }
    int version() const { return m_version; }
    // "Written by Gantry from settings version N; ..." without a comment marker.
    QString banner() const;

private:
    const SettingsSchema &m_schema;
    const SettingsDocument &m_document;
    int m_version;
};

class Renderer
{
public:
    virtual ~Renderer() = default;
    virtual QString name() const = 0;
    // The files for this document; none when the feature is off.
    virtual QList<RenderedFile> render(const RenderContext &context) const = 0;
};

} // namespace gantry
