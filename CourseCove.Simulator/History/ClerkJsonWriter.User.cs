using System.Text.Json;

namespace CourseCove.Simulator.History;

internal sealed partial class ClerkJsonWriter
{
    public static void User(Utf8JsonWriter w, SimUser user)
    {
        w.WriteBoolean("backup_code_enabled", false);
        w.WriteBoolean("banned", false);
        w.WriteString("birthday", "");
        w.WriteBoolean("create_organization_enabled", true);
        w.WriteNumber("created_at", user.CreatedAt);
        w.WriteBoolean("delete_self_enabled", true);
        Contacts(w, "email_addresses", "email_address", "email_address", user.Emails);
        w.WriteStartArray("enterprise_accounts");
        w.WriteEndArray();
        w.WriteStartArray("external_accounts");
        w.WriteEndArray();
        w.WriteString("external_id", user.ExternalId);
        w.WriteString("first_name", user.FirstName);
        w.WriteString("gender", "");
        w.WriteBoolean("has_image", user.HasImage);
        w.WriteString("id", user.Id);
        w.WriteString("image_url", user.ImageUrl);
        w.WriteNumber("last_active_at", user.UpdatedAt);
        w.WriteString("last_name", user.LastName);
        w.WriteNumber("last_sign_in_at", user.CreatedAt);
        w.WriteNull("legal_accepted_at");
        w.WriteBoolean("locked", false);
        w.WriteNull("lockout_expires_in_seconds");
        w.WriteString("object", "user");
        w.WriteStartArray("passkeys");
        w.WriteEndArray();
        w.WriteBoolean("password_enabled", true);
        Contacts(w, "phone_numbers", "phone_number", "phone_number", user.Phones);
        w.WriteString("primary_email_address_id", user.PrimaryEmailId);
        w.WriteString("primary_phone_number_id", user.Phones.Count > 0 ? user.Phones[0].Id : null);
        w.WriteNull("primary_web3_wallet_id");
        w.WriteStartObject("private_metadata");
        w.WriteString("stripe_customer_id", user.StripeCustomerId);
        w.WriteEndObject();
        w.WriteString("profile_image_url", user.ImageUrl);
        w.WriteStartObject("public_metadata");
        w.WriteString("plan", user.Plan);
        w.WriteStartArray("tags");
        w.WriteStringValue("simulated");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("saml_accounts");
        w.WriteEndArray();
        w.WriteBoolean("totp_enabled", false);
        w.WriteBoolean("two_factor_enabled", false);
        w.WriteStartObject("unsafe_metadata");
        w.WriteBoolean("onboarded", user.Onboarded);
        w.WriteEndObject();
        w.WriteNumber("updated_at", user.UpdatedAt);
        w.WriteString("username", user.Username);
        w.WriteNumber("verification_attempts_remaining", 100);
        w.WriteStartArray("web3_wallets");
        w.WriteEndArray();
    }

    private static void Contacts(Utf8JsonWriter w, string property, string objectName, string valueName, List<SimContact> contacts)
    {
        w.WriteStartArray(property);
        foreach (var contact in contacts)
        {
            w.WriteStartObject();
            w.WriteNumber("created_at", contact.CreatedAt);
            w.WriteString(valueName, contact.Value);
            w.WriteString("id", contact.Id);
            w.WriteStartArray("linked_to");
            w.WriteEndArray();
            w.WriteBoolean("matches_sso_connection", false);
            w.WriteString("object", objectName);
            w.WriteBoolean("reserved", false);
            w.WriteNumber("updated_at", contact.CreatedAt);
            w.WriteStartObject("verification");
            w.WriteNull("attempts");
            w.WriteNull("expire_at");
            w.WriteString("status", "verified");
            w.WriteString("strategy", objectName == "email_address" ? "email_code" : "phone_code");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
