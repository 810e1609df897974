#include "cloud/cloudinarysettings.h"
#include "cloud/cloudinarysignature.h"

#include <QTest>

using namespace atelier;
using Algorithm = CloudinarySignature::Algorithm;
using Params = QMap<QString, QString>;

namespace {

// The worked example of https://cloudinary.com/documentation/authentication_signatures: API secret abcd, API
// key 1234, Unix time 1315060510, an upload from https://www.example.com/sample.jpg with the public id
// sample_image and two eager transformations.
Params documentedParams()
{
    return {
        {QStringLiteral("timestamp"), QStringLiteral("1315060510")},
        {QStringLiteral("public_id"), QStringLiteral("sample_image")},
        {QStringLiteral("eager"), QStringLiteral("w_400,h_300,c_pad|w_260,h_200,c_crop")},
    };
}

const QString DocumentedSecret = QStringLiteral("abcd");

CloudinarySettings completeSettings()
{
    CloudinarySettings settings;
    settings.cloudName = QStringLiteral("atelier-test_1");
    settings.apiKey = QStringLiteral("614335564976464");
    settings.apiSecret = QStringLiteral("unit-test-secret-value");
    return settings;
}

} // namespace

class TestCloudinarySignature : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentedExample();
    void documentedExampleIgnoresUnsignedParameters();
    void supportSanityCheck();
    void sha256OfTheDocumentedExample();
    void unsignedParameters_data();
    void unsignedParameters();
    void emptyValuesAreDropped();
    void sortedByName();
    void tagsAreSignedAsTheirCommaSeparatedText();
    void validate_data();
    void validate();
};

void TestCloudinarySignature::documentedExample()
{
    QCOMPARE(
        CloudinarySignature::stringToSign(documentedParams()),
        QByteArray("eager=w_400,h_300,c_pad|w_260,h_200,c_crop&public_id=sample_image&timestamp=1315060510"));
    QCOMPARE(CloudinarySignature::sign(documentedParams(), DocumentedSecret, Algorithm::Sha1),
             QStringLiteral("bfd09f95f331f558cbd1320e67aa8d488770583e"));
}

void TestCloudinarySignature::documentedExampleIgnoresUnsignedParameters()
{
    // The request of the example also carries the file and the key, which the rule leaves out.
    Params params = documentedParams();
    params.insert(QStringLiteral("file"), QStringLiteral("https://www.example.com/sample.jpg"));
    params.insert(QStringLiteral("api_key"), QStringLiteral("1234"));
    QCOMPARE(CloudinarySignature::sign(params, DocumentedSecret, Algorithm::Sha1),
             QStringLiteral("bfd09f95f331f558cbd1320e67aa8d488770583e"));
}

void TestCloudinarySignature::supportSanityCheck()
{
    // Cloudinary's support article "How to generate a Cloudinary signature on my own?": signing
    // "public_id=sample_image&timestamp=1315060510abcd" gives this digest.
    const Params params{{QStringLiteral("public_id"), QStringLiteral("sample_image")},
                        {QStringLiteral("timestamp"), QStringLiteral("1315060510")}};
    QCOMPARE(CloudinarySignature::stringToSign(params),
             QByteArray("public_id=sample_image&timestamp=1315060510"));
    QCOMPARE(CloudinarySignature::sign(params, DocumentedSecret, Algorithm::Sha1),
             QStringLiteral("b4ad47fb4e25c7bf5f92a20089f9db59bc302313"));
}

void TestCloudinarySignature::sha256OfTheDocumentedExample()
{
    // The documentation gives no SHA-256 digest; this is the documented string and secret through sha256sum.
    QCOMPARE(CloudinarySignature::sign(documentedParams(), DocumentedSecret, Algorithm::Sha256),
             QStringLiteral("cc927e1290f9e3ae4c1a741eda21a4630b4ce80f9ce0bc0296337d25cf40f91e"));
}

void TestCloudinarySignature::unsignedParameters_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isSigned");
    QTest::newRow("file") << QStringLiteral("file") << false;
    QTest::newRow("cloud_name") << QStringLiteral("cloud_name") << false;
    QTest::newRow("resource_type") << QStringLiteral("resource_type") << false;
    QTest::newRow("api_key") << QStringLiteral("api_key") << false;
    QTest::newRow("signature") << QStringLiteral("signature") << false;
    QTest::newRow("signature_algorithm") << QStringLiteral("signature_algorithm") << true;
    QTest::newRow("folder") << QStringLiteral("folder") << true;
    QTest::newRow("overwrite") << QStringLiteral("overwrite") << true;
    QTest::newRow("upload_preset") << QStringLiteral("upload_preset") << true;
    QTest::newRow("invalidate") << QStringLiteral("invalidate") << true;
}

void TestCloudinarySignature::unsignedParameters()
{
    QFETCH(QString, name);
    QFETCH(bool, isSigned);
    QCOMPARE(CloudinarySignature::isSigned(name), isSigned);

    Params params = documentedParams();
    params.insert(name, QStringLiteral("value"));
    const QByteArray text = CloudinarySignature::stringToSign(params);
    QCOMPARE(text.contains(name.toUtf8() + "=value"), isSigned);
    QCOMPARE(CloudinarySignature::sign(params, DocumentedSecret, Algorithm::Sha1) ==
                 QStringLiteral("bfd09f95f331f558cbd1320e67aa8d488770583e"),
             !isSigned);
}

void TestCloudinarySignature::emptyValuesAreDropped()
{
    Params params = documentedParams();
    params.insert(QStringLiteral("folder"), QString());
    params.insert(QStringLiteral("tags"), QStringLiteral(""));
    QCOMPARE(CloudinarySignature::stringToSign(params),
             CloudinarySignature::stringToSign(documentedParams()));
}

void TestCloudinarySignature::sortedByName()
{
    const Params params{
        {QStringLiteral("upload_preset"), QStringLiteral("p")},
        {QStringLiteral("timestamp"), QStringLiteral("1")},
        {QStringLiteral("tags"), QStringLiteral("t")},
        {QStringLiteral("public_id"), QStringLiteral("i")},
        {QStringLiteral("overwrite"), QStringLiteral("true")},
        {QStringLiteral("folder"), QStringLiteral("f")},
    };
    QCOMPARE(CloudinarySignature::stringToSign(params),
             QByteArray("folder=f&overwrite=true&public_id=i&tags=t&timestamp=1&upload_preset=p"));
}

void TestCloudinarySignature::tagsAreSignedAsTheirCommaSeparatedText()
{
    // An array parameter is signed as its values joined with commas, the same text the request sends.
    const Params params{{QStringLiteral("tags"), QStringLiteral("atelier,gpt-image-1")},
                        {QStringLiteral("timestamp"), QStringLiteral("1700000000")}};
    QCOMPARE(CloudinarySignature::stringToSign(params),
             QByteArray("tags=atelier,gpt-image-1&timestamp=1700000000"));
}

void TestCloudinarySignature::validate_data()
{
    QTest::addColumn<QString>("cloudName");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("apiSecret");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<QString>("problem"); // empty: valid

    const CloudinarySettings s = completeSettings();
    const QString https = QStringLiteral("https://api.cloudinary.com");
    QTest::newRow("complete") << s.cloudName << s.apiKey << s.apiSecret << https << QString() << QStringList()
                              << QString();
    QTest::newRow("folder and tags") << s.cloudName << s.apiKey << s.apiSecret << https
                                     << QStringLiteral("atelier/results")
                                     << QStringList{QStringLiteral("atelier"), QStringLiteral("ai")}
                                     << QString();
    QTest::newRow("no cloud name") << QStringLiteral("  ") << s.apiKey << s.apiSecret << https << QString()
                                   << QStringList() << QStringLiteral("cloud name in Settings");
    QTest::newRow("cloud name with a dot")
        << QStringLiteral("my.cloud") << s.apiKey << s.apiSecret << https << QString() << QStringList()
        << QStringLiteral("may hold only letters, digits");
    QTest::newRow("cloud name with a slash")
        << QStringLiteral("a/../b") << s.apiKey << s.apiSecret << https << QString() << QStringList()
        << QStringLiteral("may hold only letters, digits");
    QTest::newRow("cloud name with a space")
        << QStringLiteral("my cloud") << s.apiKey << s.apiSecret << https << QString() << QStringList()
        << QStringLiteral("may hold only letters, digits");
    QTest::newRow("no key") << s.cloudName << QString() << s.apiSecret << https << QString() << QStringList()
                            << QStringLiteral("API key in Settings");
    QTest::newRow("no secret") << s.cloudName << s.apiKey << QStringLiteral(" ") << https << QString()
                               << QStringList() << QStringLiteral("API secret in Settings");
    QTest::newRow("plain http to a remote host")
        << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("http://api.cloudinary.com") << QString()
        << QStringList() << QStringLiteral("plain http is refused");
    QTest::newRow("plain http to 127.0.0.1")
        << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("http://127.0.0.1:8080") << QString()
        << QStringList() << QString();
    QTest::newRow("plain http to ::1")
        << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("http://[::1]:8080") << QString()
        << QStringList() << QString();
    QTest::newRow("plain http to localhost")
        << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("http://localhost:8080") << QString()
        << QStringList() << QString();
    QTest::newRow("not http") << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("ftp://example.com")
                              << QString() << QStringList() << QStringLiteral("not a valid http or https");
    QTest::newRow("password in the address")
        << s.cloudName << s.apiKey << s.apiSecret << QStringLiteral("https://user:pw@api.cloudinary.com")
        << QString() << QStringList() << QStringLiteral("no user name, password");
    QTest::newRow("ampersand in the folder")
        << s.cloudName << s.apiKey << s.apiSecret << https << QStringLiteral("a&b") << QStringList()
        << QStringLiteral("folder may not contain '&'");
    QTest::newRow("ampersand in a tag")
        << s.cloudName << s.apiKey << s.apiSecret << https << QString() << QStringList{QStringLiteral("x&y")}
        << QStringLiteral("tags may not contain '&'");
}

void TestCloudinarySignature::validate()
{
    QFETCH(QString, cloudName);
    QFETCH(QString, apiKey);
    QFETCH(QString, apiSecret);
    QFETCH(QString, baseUrl);
    QFETCH(QString, folder);
    QFETCH(QStringList, tags);
    QFETCH(QString, problem);

    CloudinarySettings settings;
    settings.cloudName = cloudName;
    settings.apiKey = apiKey;
    settings.apiSecret = apiSecret;
    settings.baseUrl = QUrl(baseUrl);
    settings.folder = folder;
    settings.tags = tags;
    const GenerationError error = settings.validate();
    if (problem.isEmpty()) {
        QVERIFY2(!error.isError(), qPrintable(error.message));
        return;
    }
    QCOMPARE(error.category, GenerationError::Category::Validation);
    QVERIFY(!error.retryable);
    QVERIFY2(error.message.contains(problem), qPrintable(error.message));
    if (!apiSecret.trimmed().isEmpty())
        QVERIFY(!error.message.contains(apiSecret));
}

QTEST_GUILESS_MAIN(TestCloudinarySignature)
#include "tst_cloudinarysignature.moc"
