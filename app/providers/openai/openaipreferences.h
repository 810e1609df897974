#pragma once

#include "domain/preferenceentry.h"
#include "openaisettings.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QSettings;

namespace atelier {

// The OpenAI settings a person chooses (base URL, organization, project, time-out), kept in QSettings under
// "openai/". The environment variables of the official SDKs win over them. The API key is never kept here:
// it lives in the keychain (SecretStore) or in OPENAI_API_KEY.
class OpenAiPreferences
{
public:
    using Entry = PreferenceEntry;

    explicit OpenAiPreferences(QSettings &settings,
                               QProcessEnvironment environment = QProcessEnvironment::systemEnvironment());

    static QStringList names(); // openai.base-url, openai.organization, openai.project, openai.timeout

    // The settings in effect, without the key.
    OpenAiSettings effective() const;
    QList<Entry> entries() const;
    // The environment these preferences read, so that the key from OPENAI_API_KEY comes from the same one.
    const QProcessEnvironment &environment() const { return m_environment; }

    // Checks and saves one setting; on a bad name or value returns why in words and changes nothing.
    QString set(const QString &name, const QString &value);
    QString unset(const QString &name);

private:
    QString environmentVariable(const QString &name) const;
    static QString key(const QString &name);
    static QString unknown(const QString &name);
    // Writes the file now; why not in words when it cannot.
    QString saved();

    QSettings &m_settings;
    QProcessEnvironment m_environment;
};

} // namespace atelier
