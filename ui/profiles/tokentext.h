#pragma once

#include <QCoreApplication>
#include <QString>

namespace atelier {

// Token amounts as people read them: "1,000 tokens", grouped even where the locale would not group.
class TokenText
{
    Q_DECLARE_TR_FUNCTIONS(TokenText)

public:
    static QString number(qint64 tokens);
    static QString amount(qint64 tokens);
};

} // namespace atelier
