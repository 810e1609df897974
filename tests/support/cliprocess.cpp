#include "cliprocess.h"

#include <QDir>
#include <QProcess>
#include <QTest>

#include <utility>

namespace atelier::test {

namespace {

constexpr int TimeoutMs = 60'000;

} // namespace

CliProcess::CliProcess(QString program, QString folder, QString runtimeDir)
    : m_program(std::move(program)), m_folder(std::move(folder)),
      m_environment(QProcessEnvironment::systemEnvironment())
{
    const QDir dir(m_folder);
    m_environment.insert(QStringLiteral("ATELIER_DATA_DIR"), dir.filePath(QStringLiteral("data")));
    m_environment.insert(QStringLiteral("ATELIER_LIBRARY_DIR"), dir.filePath(QStringLiteral("library")));
    m_environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
    m_environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("share")));
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
    m_environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                         QStringLiteral("unix:path=/nonexistent/atelier-test-bus"));
    m_environment.remove(QStringLiteral("DISPLAY"));
    for (const char *name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
                             "CLOUDINARY_URL", "CLOUDINARY_UPLOAD_PREFIX"})
        m_environment.remove(QString::fromLatin1(name));
}

void CliProcess::setVariable(const QString &name, const QString &value)
{
    m_variables.insert(name, value);
}

void CliProcess::start(QProcess &process, const QStringList &arguments) const
{
    QProcessEnvironment environment = m_environment;
    environment.insert(m_variables);
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_workingDirectory);
    process.start(m_program, arguments);
}

CliProcess::Result CliProcess::run(const QStringList &arguments, const QByteArray &input) const
{
    QProcess process;
    start(process, arguments);
    if (!input.isNull()) {
        process.write(input);
        process.closeWriteChannel();
    }
    Result result;
    if (!process.waitForFinished(TimeoutMs))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    // Under the asan preset a sanitizer report ends the program: fail also a test that reads only the output.
    if (result.err.contains("Sanitizer: "))
        QTest::qFail(result.err.constData(), __FILE__, __LINE__);
    return result;
}

QString startFakeServer(QProcess &server, const QString &program, const QStringList &arguments)
{
    server.start(program, arguments);
    if (!server.waitForReadyRead(10'000))
        return {};
    const QList<QByteArray> words = server.readLine().trimmed().split(' ');
    return words.size() >= 3 && words.at(0) == "listening" && words.at(1) == "on"
               ? QString::fromLatin1(words.at(2))
               : QString();
}

} // namespace atelier::test
