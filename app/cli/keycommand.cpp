#include "keycommand.h"

#include "cloud/cloudinarypreferences.h"
#include "commandcontext.h"
#include "commandline.h"
#include "engine/cloudaccess.h"
#include "engine/openaiaccess.h"
#include "providers/openai/openaisettings.h"
#include "secrets/secretstore.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <termios.h>
#include <unistd.h>

namespace atelier::cli {
namespace {

using Status = SecretStore::Status;

const QString EnvironmentVariable = QStringLiteral("OPENAI_API_KEY");

// Runs one keychain call to its end. The CLI has nothing else to do meanwhile, and the store ends every call
// within its own time-out.
template<typename Signal, typename Call>
SecretStore::Result await(SecretStore &secrets, Signal finished, Call call)
{
    QEventLoop loop;
    SecretStore::Result result;
    QObject::connect(&secrets, finished, &loop, [&](const QString &, const SecretStore::Result &answer) {
        result = answer;
        loop.quit();
    });
    call();
    loop.exec();
    return result;
}

QString environmentKey()
{
    return OpenAiSettings::fromEnvironment().apiKey;
}

} // namespace

KeyCommand::KeyCommand(SecretStore &secrets, const CloudinaryPreferences &cloudinary,
                       const CommandLine &commandLine, QTextStream &out, QTextStream &err)
    : m_secrets(secrets), m_commandLine(commandLine), m_out(out), m_err(err)
{
    if (commandLine.arguments().value(1) == QLatin1String("cloudinary"))
        m_target = {CloudAccess::secretName(), QStringLiteral("Cloudinary API secret"),
                    QStringLiteral("CLOUDINARY_URL"), cloudinary.environmentSecret()};
    else
        m_target = {OpenAiAccess::secretName(), QStringLiteral("OpenAI API key"), EnvironmentVariable,
                    environmentKey()};
}

QString KeyCommand::loadKey(SecretStore &secrets, QString *note)
{
    if (const QString key = environmentKey(); !key.isEmpty())
        return key;
    const SecretStore::Result result =
        await(secrets, &SecretStore::readFinished, [&secrets] { secrets.read(OpenAiAccess::secretName()); });
    if (result.status != Status::Ok && result.status != Status::NotFound && note)
        *note = result.message;
    return result.status == Status::Ok ? result.secret.trimmed() : QString();
}

void KeyCommand::awaitLoaded(CloudAccess &cloud)
{
    QEventLoop loop;
    QObject::connect(&cloud, &CloudAccess::changed, &loop, [&] {
        if (!cloud.isBusy())
            loop.quit();
    });
    cloud.load();
    if (cloud.isBusy())
        loop.exec();
}

int KeyCommand::run()
{
    const QStringList arguments = m_commandLine.arguments();
    const QString action = arguments.value(0, QStringLiteral("status"));
    const QString service = arguments.value(1, QStringLiteral("openai"));
    const bool known = arguments.size() <= 2 &&
                       (service == QLatin1String("openai") || service == QLatin1String("cloudinary"));
    if (known && action == QLatin1String("status"))
        return status();
    if (known && action == QLatin1String("set"))
        return set();
    if (known && action == QLatin1String("forget"))
        return forget();
    return fail(QStringLiteral("'key' takes: status | set | forget, then openai (the default) or cloudinary. "
                               "'key set' reads the secret from standard input, e.g. atelier-cli key set < "
                               "key.txt"),
                BadInput);
}

QString KeyCommand::readKey()
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        m_err << m_target.label << " (input hidden): " << Qt::flush;
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        m_err << Qt::endl;
    }
    return line.trimmed();
}

int KeyCommand::set()
{
    const QString key = readKey();
    // The key itself is never repeated back, not even in a refusal.
    if (key.isEmpty())
        return fail(QStringLiteral("nothing on standard input; nothing was saved."), BadInput);
    if (!KeychainEntry::isSecretShaped(key))
        return fail(QStringLiteral("that does not look like the %1 (one word of 8 to 1024 printable "
                                   "characters); nothing was saved.")
                        .arg(m_target.label),
                    BadInput);
    const SecretStore::Result result =
        await(m_secrets, &SecretStore::writeFinished, [&] { m_secrets.write(m_target.name, key); });
    if (!result.isOk())
        return fail(result.message +
                        QStringLiteral(" Set %1 in the environment instead.").arg(m_target.variable),
                    StorageError);
    m_out << "Saved the " << m_target.label << " in " << m_secrets.displayName() << '.' << Qt::endl;
    if (!m_target.environmentValue.isEmpty())
        m_out << m_target.variable << " is set in this environment and is used before it." << Qt::endl;
    return Ok;
}

int KeyCommand::status()
{
    QString source;
    QString problem;
    if (!m_target.environmentValue.isEmpty()) {
        source = m_target.variable;
    } else {
        const SecretStore::Result result =
            await(m_secrets, &SecretStore::readFinished, [this] { m_secrets.read(m_target.name); });
        if (result.isOk() && !result.secret.trimmed().isEmpty())
            source = QStringLiteral("keychain");
        else if (result.status != Status::NotFound && !result.isOk())
            problem = result.message;
    }
    if (m_commandLine.isSet(QStringLiteral("json"))) {
        QJsonObject status{{QStringLiteral("configured"), !source.isEmpty()},
                           {QStringLiteral("source"), source}};
        if (!problem.isEmpty())
            status.insert(QStringLiteral("problem"), problem);
        m_out << QJsonDocument(status).toJson(QJsonDocument::Indented) << Qt::flush;
    } else if (source == m_target.variable) {
        m_out << "The " << m_target.label << " comes from " << m_target.variable << '.' << Qt::endl;
    } else if (!source.isEmpty()) {
        m_out << "The " << m_target.label << " is in " << m_secrets.displayName() << '.' << Qt::endl;
    } else {
        const QString command = m_target.name == OpenAiAccess::secretName()
                                    ? QStringLiteral("key set")
                                    : QStringLiteral("key set cloudinary");
        m_out << "No " << m_target.label << ". Save one with 'atelier-cli " << command << "' or set "
              << m_target.variable << '.' << Qt::endl;
        if (!problem.isEmpty())
            m_out << problem << Qt::endl;
    }
    return source.isEmpty() ? Unsuccessful : Ok;
}

int KeyCommand::forget()
{
    // Removing a key that is not there counts as done.
    const SecretStore::Result result =
        await(m_secrets, &SecretStore::removeFinished, [this] { m_secrets.remove(m_target.name); });
    if (!result.isOk())
        return fail(result.message, StorageError);
    m_out << "The " << m_target.label << " is not in " << m_secrets.displayName() << " (any more)."
          << Qt::endl;
    if (!m_target.environmentValue.isEmpty())
        m_out << m_target.variable << " is still set in this environment." << Qt::endl;
    return Ok;
}

int KeyCommand::fail(const QString &message, int code)
{
    m_err << "atelier-cli: " << message << Qt::endl;
    return code;
}

} // namespace atelier::cli
