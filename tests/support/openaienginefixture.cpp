#include "openaienginefixture.h"

#include "providers/openai/openaiprovider.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTest>

namespace atelier::test {

OpenAiEngineFixture::OpenAiEngineFixture(const std::function<void(OpenAiSettings &)> &adjust,
                                         EngineSettings settings)
{
    [this] { QVERIFY(server.listen()); }();
    server.setExpectedKey(testKey().toUtf8());
    openAi.apiKey = testKey();
    openAi.baseUrl = server.baseUrl();
    if (adjust)
        adjust(openAi);
    engine = std::make_unique<EngineFixture>(std::move(settings), [this]() -> std::unique_ptr<Provider> {
        // The provider keeps its own copy of the catalog.
        return std::make_unique<OpenAiProvider>(ModelCatalog::builtIn(), openAi);
    });
}

OpenAiEngineFixture::~OpenAiEngineFixture() = default;

QString OpenAiEngineFixture::testKey()
{
    QString key = QStringLiteral("sk-");
    for (int i = 0; i < 30; ++i)
        key += QLatin1Char("Atelier0123456789"[i % 17]);
    return key;
}

QUrl OpenAiEngineFixture::closedPortUrl()
{
    // The port a listening socket was given, free again once it is closed.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
}

} // namespace atelier::test
