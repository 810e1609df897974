#include "keycommand.h"

#include "commandcontext.h"
#include "commandline.h"
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

KeyCommand::KeyCommand(SecretStore &secrets, const CommandLine &commandLine, QTextStream &out,
                       QTextStream &err)
    : m_secrets(secrets), m_commandLine(commandLine), m_out(out), m_err(err)
{}

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

int KeyCommand::run()
{
    const QStringList arguments = m_commandLine.arguments();
    const QString action = arguments.value(0, QStringLiteral("status"));
    if (arguments.size() <= 1 && action == QLatin1String("status"))
        return status();
    if (arguments.size() == 1 && action == QLatin1String("set"))
        return set();
    if (arguments.size() == 1 && action == QLatin1String("forget"))
        return forget();
    return fail(QStringLiteral("'key' takes: status | set | forget. 'key set' reads the key from standard "
                               "input, e.g. atelier-cli key set < key.txt"),
                BadInput);
}

QString KeyCommand::readKey()
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        m_err << "OpenAI API key (input hidden): " << Qt::flush;
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
        return fail(QStringLiteral("no key on standard input; nothing was saved."), BadInput);
    if (!OpenAiAccess::keyShapeProblem(key).isEmpty())
        return fail(QStringLiteral("that does not look like an API key (one word of 8 to 1024 printable "
                                   "characters); nothing was saved."),
                    BadInput);
    const SecretStore::Result result = await(m_secrets, &SecretStore::writeFinished,
                                             [&] { m_secrets.write(OpenAiAccess::secretName(), key); });
    if (!result.isOk())
        return fail(result.message + QStringLiteral(" Set OPENAI_API_KEY in the environment instead."),
                    StorageError);
    m_out << "Saved the OpenAI API key in " << m_secrets.displayName() << '.' << Qt::endl;
    if (!environmentKey().isEmpty())
        m_out << "OPENAI_API_KEY is set in this environment and is used before it." << Qt::endl;
    return Ok;
}

int KeyCommand::status()
{
    QString source;
    QString problem;
    if (!environmentKey().isEmpty()) {
        source = EnvironmentVariable;
    } else {
        const SecretStore::Result result = await(m_secrets, &SecretStore::readFinished,
                                                 [this] { m_secrets.read(OpenAiAccess::secretName()); });
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
    } else if (source == EnvironmentVariable) {
        m_out << "The OpenAI API key comes from OPENAI_API_KEY." << Qt::endl;
    } else if (!source.isEmpty()) {
        m_out << "The OpenAI API key is in " << m_secrets.displayName() << '.' << Qt::endl;
    } else {
        m_out << "No OpenAI API key. Save one with 'atelier-cli key set' or set OPENAI_API_KEY." << Qt::endl;
        if (!problem.isEmpty())
            m_out << problem << Qt::endl;
    }
    return source.isEmpty() ? Unsuccessful : Ok;
}

int KeyCommand::forget()
{
    // Removing a key that is not there counts as done.
    const SecretStore::Result result = await(m_secrets, &SecretStore::removeFinished,
                                             [this] { m_secrets.remove(OpenAiAccess::secretName()); });
    if (!result.isOk())
        return fail(result.message, StorageError);
    m_out << "The OpenAI API key is not in " << m_secrets.displayName() << " (any more)." << Qt::endl;
    if (!environmentKey().isEmpty())
        m_out << "OPENAI_API_KEY is still set in this environment." << Qt::endl;
    return Ok;
}

int KeyCommand::fail(const QString &message, int code)
{
    m_err << "atelier-cli: " << message << Qt::endl;
    return code;
}

} // namespace atelier::cli
