#include "prompt/promptpanel.h"
#include "studiofixture.h"
#include "writelock.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>
#include <QToolButton>

using namespace atelier;

class TestPromptPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsCharactersAgainstTheModelsLimit();
    void showsOnlyTheOptionsAModelTakes();
    void transparentBackgroundRulesOutJpeg();
    void aspectButtonsShowTheModelsSize();
    void generatesWithCtrlEnter();
    void explainsARefusalBeforeSubmitting();
    void reuseFillsTheForm();
    void saysWhenAnotherProcessHoldsTheDatabase();

private:
    static QComboBox *combo(PromptPanel &panel, const QString &name)
    {
        return panel.findChild<QComboBox *>(name);
    }
    static void type(PromptPanel &panel, const QString &text)
    {
        panel.findChild<QPlainTextEdit *>(QStringLiteral("prompt"))->setPlainText(text);
    }
    static QPushButton *generateButton(PromptPanel &panel)
    {
        return panel.findChild<QPushButton *>(QStringLiteral("generate"));
    }
    static QLabel *problem(PromptPanel &panel)
    {
        return panel.findChild<QLabel *>(QStringLiteral("problem"));
    }
};

void TestPromptPanel::countsCharactersAgainstTheModelsLimit()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("dall-e-2"));
    type(panel, QString(999, QLatin1Char('a')));
    QTRY_VERIFY(generateButton(panel)->isEnabled());
    const auto labels = panel.findChildren<QLabel *>();
    const auto countLabel = std::find_if(labels.begin(), labels.end(), [](QLabel *label) {
        return label->text().contains(QStringLiteral("characters"));
    });
    QVERIFY(countLabel != labels.end());
    QCOMPARE((*countLabel)->text(), QStringLiteral("999 / 1,000 characters"));

    type(panel, QString(1003, QLatin1Char('a')));
    QVERIFY((*countLabel)->text().contains(QStringLiteral("3 too many")));
    QTRY_VERIFY(!generateButton(panel)->isEnabled());
    QVERIFY(problem(panel)->isVisible());
    QVERIFY2(problem(panel)->text().contains(QStringLiteral("1000")) ||
                 problem(panel)->text().contains(QStringLiteral("1,000")),
             qPrintable(problem(panel)->text()));
}

void TestPromptPanel::showsOnlyTheOptionsAModelTakes()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("offline"));
    QVERIFY(!combo(panel, QStringLiteral("background")));
    QVERIFY(!combo(panel, QStringLiteral("style"))->isVisible());
    panel.useModel(QStringLiteral("gpt-image-1"));
    QVERIFY(combo(panel, QStringLiteral("background")));
    QVERIFY(combo(panel, QStringLiteral("output_format")));
    QVERIFY(panel.findChild<QSpinBox *>(QStringLiteral("output_compression")));
    QCOMPARE(panel.findChild<QSpinBox *>(QStringLiteral("imageCount"))->maximum(), 10);
    panel.useModel(QStringLiteral("dall-e-3"));
    QVERIFY(!combo(panel, QStringLiteral("background")));
    QVERIFY(combo(panel, QStringLiteral("style"))->isVisible());
    QCOMPARE(combo(panel, QStringLiteral("style"))->currentData().toString(), QStringLiteral("vivid"));
    QCOMPARE(panel.findChild<QSpinBox *>(QStringLiteral("imageCount"))->maximum(), 1);
}

void TestPromptPanel::transparentBackgroundRulesOutJpeg()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.useModel(QStringLiteral("gpt-image-1"));
    QComboBox *format = combo(panel, QStringLiteral("output_format"));
    QComboBox *background = combo(panel, QStringLiteral("background"));
    auto *compression = panel.findChild<QSpinBox *>(QStringLiteral("output_compression"));
    QVERIFY(!compression->isEnabled()); // png: compression means nothing
    format->setCurrentIndex(format->findData(QStringLiteral("jpeg")));
    QVERIFY(compression->isEnabled());
    background->setCurrentIndex(background->findData(QStringLiteral("transparent")));
    QCOMPARE(format->currentData().toString(), QStringLiteral("png"));
    const auto *items = qobject_cast<QStandardItemModel *>(format->model());
    QVERIFY(!items->item(format->findData(QStringLiteral("jpeg")))->isEnabled());
    QCOMPARE(panel.request().parameters.value(QStringLiteral("background")).toString(),
             QStringLiteral("transparent"));
    background->setCurrentIndex(background->findData(QStringLiteral("auto")));
    QVERIFY(items->item(format->findData(QStringLiteral("jpeg")))->isEnabled());
}

void TestPromptPanel::aspectButtonsShowTheModelsSize()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    auto *wide = panel.findChild<QToolButton *>(QStringLiteral("ratio-16:9"));
    QVERIFY(wide);
    panel.useModel(QStringLiteral("gpt-image-1"));
    QVERIFY2(wide->text().contains(QStringLiteral("1536×1024")), qPrintable(wide->text()));
    panel.useModel(QStringLiteral("dall-e-3"));
    QVERIFY2(wide->text().contains(QStringLiteral("1792×1024")), qPrintable(wide->text()));
    wide->click();
    QCOMPARE(panel.request().aspectRatio, QStringLiteral("16:9"));
}

void TestPromptPanel::generatesWithCtrlEnter()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.useModel(QStringLiteral("offline"));
    type(panel, QStringLiteral("a red fox in fresh snow"));
    QTRY_VERIFY(generateButton(panel)->isEnabled());
    QSignalSpy queued(&panel, &PromptPanel::generationQueued);
    QTest::keyClick(panel.findChild<QPlainTextEdit *>(QStringLiteral("prompt")), Qt::Key_Return,
                    Qt::ControlModifier);
    QCOMPARE(queued.size(), 1);
    const qint64 id = queued.first().first().toLongLong();
    const Generation stored = fixture.engine.generation(id);
    QCOMPARE(stored.request.prompt, QStringLiteral("a red fox in fresh snow"));
    QCOMPARE(stored.request.model, QStringLiteral("offline"));
    QCOMPARE(stored.request.profileId, fixture.profile.id());
}

void TestPromptPanel::explainsARefusalBeforeSubmitting()
{
    test::StudioFixture fixture;
    fixture.engine.provider->setReady(false, QStringLiteral("No OpenAI API key."));
    PromptPanel panel(fixture.context);
    panel.show();
    panel.useModel(QStringLiteral("gpt-image-1"));
    type(panel, QStringLiteral("a lantern on a pier"));
    QTRY_VERIFY(problem(panel)->isVisible());
    QVERIFY2(problem(panel)->text().contains(QStringLiteral("No OpenAI API key")),
             qPrintable(problem(panel)->text()));
    QVERIFY(!generateButton(panel)->isEnabled());
    QVERIFY(!panel.generate());
    QVERIFY(fixture.service().activeGenerations().isEmpty());

    // A key saved in Settings is seen at once, without touching the form.
    fixture.engine.provider->setReady(true);
    QCOMPARE(fixture.openAi.saveKey(QStringLiteral("a-test-key-1234")), QString());
    QTRY_VERIFY(generateButton(panel)->isEnabled());
    QVERIFY(!problem(panel)->isVisible());

    // Not enough tokens is said the same way, before anything is reserved.
    fixture.engine.provider->setReady(true);
    panel.useModel(QStringLiteral("gpt-image-1"));
    combo(panel, QStringLiteral("quality"))
        ->setCurrentIndex(combo(panel, QStringLiteral("quality"))->findData(QStringLiteral("high")));
    panel.findChild<QSpinBox *>(QStringLiteral("imageCount"))->setValue(10);
    QTRY_VERIFY(problem(panel)->text().contains(QStringLiteral("token")));
    QVERIFY(!generateButton(panel)->isEnabled());
}

void TestPromptPanel::reuseFillsTheForm()
{
    test::StudioFixture fixture;
    PromptPanel panel(fixture.context);
    GenerationRequest request;
    request.prompt = QStringLiteral("a quiet harbour");
    request.customPrompt = QStringLiteral("film grain");
    request.model = QStringLiteral("gpt-image-1");
    request.aspectRatio = QStringLiteral("2:3");
    request.quality = QStringLiteral("low");
    request.imageCount = 3;
    request.parameters = {{QStringLiteral("output_format"), QStringLiteral("webp")},
                          {QStringLiteral("output_compression"), 80}};
    panel.setRequest(request);
    request.profileId = fixture.profile.id();
    QCOMPARE(panel.request(), request);
}

void TestPromptPanel::saysWhenAnotherProcessHoldsTheDatabase()
{
    test::StudioFixture fixture;
    fixture.engine.store->setBusyTimeout(20); // the window's short wait, shorter still
    PromptPanel panel(fixture.context);
    panel.resize(420, 640);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.useModel(QStringLiteral("offline"));
    type(panel, QStringLiteral("a heron at first light"));
    QTRY_VERIFY(generateButton(panel)->isEnabled());
    QSignalSpy queued(&panel, &PromptPanel::generationQueued);
    auto lock = std::make_unique<test::WriteLock>(fixture.engine.store->path());
    QVERIFY(lock->isHeld());

    QVERIFY(!panel.generate());
    QVERIFY(problem(panel)->isVisible());
    QVERIFY2(problem(panel)->text().contains(QStringLiteral("another Atelier process")),
             qPrintable(problem(panel)->text()));
    QCOMPARE(queued.size(), 0);
    QVERIFY(fixture.service().activeGenerations().isEmpty());
    lock.reset();
    QVERIFY(panel.generate());
    QCOMPARE(queued.size(), 1);
}

QTEST_MAIN(TestPromptPanel)
#include "tst_promptpanel.moc"
