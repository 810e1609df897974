#include <QLocale>
#include <QTest>
#include <QTranslator>

namespace atelier {

// The catalogues of translations/ are compiled into atelier_ui, and the window finds them the way ui/main.cpp
// looks them up.
class TranslationsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void englishCatalogueIsEmbedded();
    void languageWithoutCatalogueIsNotLoaded();
};

void TranslationsTest::englishCatalogueIsEmbedded()
{
    QTranslator translator;
    QVERIFY(translator.load(QLocale(QLocale::English, QLocale::UnitedKingdom), QStringLiteral("atelier"),
                            QStringLiteral("_"), QStringLiteral(":/i18n")));
    QCOMPARE(translator.language(), QStringLiteral("en_US"));
}

void TranslationsTest::languageWithoutCatalogueIsNotLoaded()
{
    QTranslator translator;
    QVERIFY(!translator.load(QLocale(QLocale::Zulu), QStringLiteral("atelier"), QStringLiteral("_"),
                             QStringLiteral(":/i18n")));
}

} // namespace atelier

QTEST_GUILESS_MAIN(atelier::TranslationsTest)
#include "tst_translations.moc"
