#include "engine/cloudaccess.h"
#include "engine/imagegenerationservice.h"
#include "fakecloudinaryserver.h"
#include "gallery/detailspanel.h"
#include "settings/problemlabel.h"
#include "settings/settingsdialog.h"
#include "studiofixture.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <algorithm>

using namespace atelier;

namespace {

const QString Cloud = QStringLiteral("demo-cloud");
const QString ApiKey = QStringLiteral("614335564976464");
const QString Secret = QStringLiteral("gui-test-secret-1234");

template<typename T> T *child(const QWidget &parent, const QString &name)
{
    T *found = parent.findChild<T *>(name);
    if (!found)
        qFatal("no child %s", qPrintable(name));
    return found;
}

bool showsText(const QWidget &widget, const QString &part)
{
    const QList<QLabel *> labels = widget.findChildren<QLabel *>();
    return std::any_of(labels.cbegin(), labels.cend(), [&part](const QLabel *label) {
        return label->isVisibleTo(nullptr) && label->text().contains(part);
    });
}

// The studio with the Cloudinary account pointing at the fake server, set the way Settings sets it.
void setUpAccount(test::StudioFixture &f, const test::FakeCloudinaryServer &server)
{
    QVERIFY(f.cloudinary.set(QStringLiteral("cloudinary.cloud-name"), Cloud).isEmpty());
    QVERIFY(f.cloudinary.set(QStringLiteral("cloudinary.api-key"), ApiKey).isEmpty());
    QVERIFY(
        f.cloudinary.set(QStringLiteral("cloudinary.upload-prefix"), server.baseUrl().toString()).isEmpty());
    QVERIFY(f.cloudinary.set(QStringLiteral("cloudinary.upload"), QStringLiteral("on")).isEmpty());
    QVERIFY(f.cloud.saveSecret(Secret).isEmpty());
    QTRY_VERIFY(!f.cloud.isBusy());
    f.cloud.applyPreferences();
    QVERIFY2(f.cloud.accountProblem().isEmpty(), qPrintable(f.cloud.accountProblem()));
}

} // namespace

class TestCloudUi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cloudPageSavesTheAccountAndKeepsTheSecretOutOfFiles()
    {
        test::StudioFixture f;
        SettingsDialog dialog(f.context);
        dialog.show();
        auto *upload = child<QCheckBox>(dialog, QStringLiteral("uploadCheck"));
        upload->setChecked(true);
        // Uploads on without an account: said, in words, before anything is saved.
        QTRY_VERIFY(child<ProblemLabel>(dialog, QStringLiteral("accountProblem"))
                        ->problem()
                        .contains(QLatin1String("cloud name")));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("cloudName")), Cloud);
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("apiKey")), ApiKey);
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("secretEdit")), Secret);
        QTest::mouseClick(child<QDialogButtonBox>(dialog, QString())->button(QDialogButtonBox::Ok),
                          Qt::LeftButton);
        QTRY_VERIFY(!f.cloud.isBusy());
        QVERIFY(f.cloudinary.uploadsEnabled());
        QCOMPARE(f.cloudinary.effective().cloudName, Cloud);
        QCOMPARE(f.cloud.secretSource(), CloudAccess::SecretSource::Keychain);
        QVERIFY(f.cloudSync.uploadsNewResults());
        QVERIFY(f.service().uploadsNewResults());
        f.settingsFile.sync();
        QCOMPARE(f.filesHolding(Secret.toUtf8()), QStringList());
    }

    void notUploadedIsShownWithARetryForTheUploadAlone()
    {
        test::StudioFixture f;
        test::FakeCloudinaryServer server(Cloud, ApiKey, Secret);
        QVERIFY(server.listen());
        server.setClock(&f.engine.clock);
        setUpAccount(f, server);
        f.service().start();

        server.failNext(1, test::FakeCloudinaryServer::Fault::Unauthorized);
        QSignalSpy finished(&f.service(), &ImageGenerationService::generationFinished);
        const qint64 id = f.service()
                              .generateImage(f.engine.request(f.profile.id(), QStringLiteral("a kite"),
                                                              QStringLiteral("offline")))
                              .id;
        QVERIFY(finished.wait(10'000));

        DetailsPanel details(f.context);
        details.show(f.engine.generation(id));
        details.resize(500, 900);
        details.QWidget::show();
        QVERIFY(showsText(details, QStringLiteral("Not uploaded:")));
        auto *retry = child<QPushButton>(details, QStringLiteral("uploadButton"));
        QVERIFY(retry->isVisible());
        QCOMPARE(retry->text(), QStringLiteral("Retry upload"));

        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(f.engine.generation(id).cloud.state, CloudCopy::State::Uploaded);
        // The panel follows the copy to its end: the link is there, the button gone.
        QTRY_VERIFY(showsText(details, QStringLiteral("https://res.cloudinary.com/demo-cloud/")));
        QVERIFY(!retry->isVisible());
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_MAIN(TestCloudUi)
#include "tst_cloudui.moc"
