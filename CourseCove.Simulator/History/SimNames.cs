namespace CourseCove.Simulator.History;

/// <summary>Names from many scripts (and emoji), each with the ASCII handle its email addresses and slugs use.</summary>
internal static class SimNames
{
    public static readonly (string Name, string Handle)[] FirstNames =
    [
        ("Zoë", "zoe"), ("Łukasz", "lukasz"), ("渡辺", "watanabe"), ("Ada", "ada"), ("José", "jose"),
        ("Søren", "soren"), ("Chloé", "chloe"), ("Ngozi", "ngozi"), ("Björn", "bjorn"), ("Renée", "renee"),
        ("Алексей", "aleksei"), ("محمد", "mohammed"), ("Priya", "priya"), ("🌻 Sunny", "sunny"),
        ("François", "francois"), ("Yǔxuān", "yuxuan"), ("Olúwaseun", "oluwaseun"), ("Małgorzata", "malgorzata"),
        ("Grace", "grace"), ("Þórunn", "thorunn"),
    ];

    public static readonly string[] LastNames =
    [
        "Müller", "Kowalski", "渡辺", "O'Brien", "García-López", "Nakamura", "Ødegaard", "Dvořák", "Nguyễn",
        "Smith", "Núñez", "Żółć", "Иванова", "🚀", "van der Berg", "Okafor",
    ];

    public static readonly (string Name, string Slug)[] Organizations =
    [
        ("Acme Academy", "acme-academy"), ("Zoë's Ceramics Studio", "zoes-ceramics"),
        ("Łódź Coding School", "lodz-coding"), ("渡辺 Piano Lessons", "watanabe-piano"),
        ("Café Crème Cooking", "cafe-creme"), ("🎸 Rock School", "rock-school"), ("Ørsted Sailing Club", "orsted-sailing"),
        ("Müller & Söhne Training", "muller-sohne"), ("Straße Language Institute", "strasse-language"),
        ("São Paulo Dance", "sao-paulo-dance"), ("Kraków Chess Club", "krakow-chess"), ("Nova Physics Lab", "nova-physics"),
    ];

    public static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example.edu"];

    public static readonly string[] Plans = ["free", "pro", "team", "enterprise"];

    public static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    ];
}
