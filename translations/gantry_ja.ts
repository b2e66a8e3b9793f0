<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ApiResult</name>
    <message>
        <source>control plane unreachable at %1: %2</source>
        <translation>%1 のコントロールプレーンに接続できません: %2</translation>
    </message>
    <message>
        <source>%1 (HTTP %2, %3)</source>
        <translation>%1 (HTTP %2、%3)</translation>
    </message>
    <message>
        <source>HTTP %1 from %2</source>
        <translation>%2 から HTTP %1</translation>
    </message>
</context>
<context>
    <name>AuditFilter</name>
    <message>
        <source>All time</source>
        <translation>全期間</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>過去 1 時間</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去 24 時間</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>過去 30 日間</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>カスタム期間</translation>
    </message>
    <message>
        <source>Action &quot;%1&quot; is not an action: expected lowercase words separated by dots (user.create) or a prefix ending in * (workflow.job.*).</source>
        <translation>「%1」は操作名として正しくありません。ドットで区切った小文字の単語 (user.create)、または * で終わるプレフィックス (workflow.job.*) を指定してください。</translation>
    </message>
    <message>
        <source>Search text &quot;%1&quot; has no letters or digits to search for.</source>
        <translation>検索テキスト「%1」には、検索できる文字や数字が含まれていません。</translation>
    </message>
    <message>
        <source>The range ends (%1) before it starts (%2).</source>
        <translation>期間の終了 (%1) が開始 (%2) より前になっています。</translation>
    </message>
</context>
<context>
    <name>GantryOptions</name>
    <message>
        <source>Gantry: the management console of a self-hosted CI installation.</source>
        <translation>Gantry: セルフホスト型 CI 環境の管理コンソール。</translation>
    </message>
    <message>
        <source>Data dir of the embedded control plane (default %1).</source>
        <translation>組み込みコントロールプレーンのデータディレクトリ (既定: %1)。</translation>
    </message>
    <message>
        <source>Connect to a remote gantryd instead of starting one.</source>
        <translation>gantryd を起動せず、リモートの gantryd に接続します。</translation>
    </message>
    <message>
        <source>Language of the console: en, de, ja.</source>
        <translation>コンソールの言語: en、de、ja。</translation>
    </message>
    <message>
        <source>The gantryd program to start (default: next to gantry).</source>
        <translation>起動する gantryd プログラム (既定: gantry と同じ場所)。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>このヘルプを表示します。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>バージョンを表示します。</translation>
    </message>
    <message>
        <source>Have the embedded control plane run sample workflows, so that the fleet pages have something to show.</source>
        <translation>組み込みコントロールプレーンでサンプルワークフローを実行し、フリートのページに表示するデータを用意します。</translation>
    </message>
    <message>
        <source>The embedded local fleet, e.g. local:3x8cpu,16g.</source>
        <translation>組み込みのローカルフリート (例: local:3x8cpu,16g)。</translation>
    </message>
</context>
<context>
    <name>SettingsSchema</name>
    <message>
        <source>(not set)</source>
        <translation>(未設定)</translation>
    </message>
    <message>
        <source>on</source>
        <translation>オン</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message numerus="yes">
        <source>PEM, %n block(s)</source>
        <translation>
            <numerusform>PEM、%n ブロック</numerusform>
        </translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(空)</translation>
    </message>
    <message>
        <source>389 for plain and StartTLS, 636 for LDAPS.</source>
        <translation>平文および StartTLS では 389、LDAPS では 636 です。</translation>
    </message>
    <message>
        <source>AMI used for machine executor and remote Docker VMs instead of the default.</source>
        <translation>マシン Executor とリモート Docker の VM に、既定の AMI の代わりに使用する AMI です。</translation>
    </message>
    <message>
        <source>AWS CloudWatch namespace</source>
        <translation>AWS CloudWatch 名前空間</translation>
    </message>
    <message>
        <source>AWS CloudWatch region</source>
        <translation>AWS CloudWatch リージョン</translation>
    </message>
    <message>
        <source>AWS EC2</source>
        <translation>AWS EC2</translation>
    </message>
    <message>
        <source>AWS EC2 provisions machines on demand with your EC2 credentials.</source>
        <translation>AWS EC2 は、お使いの EC2 認証情報を使用してマシンをオンデマンドでプロビジョニングします。</translation>
    </message>
    <message>
        <source>AWS EC2 security group assigned to all VMs; should be in the region above.</source>
        <translation>すべての VM に割り当てる AWS EC2 セキュリティグループです。上記のリージョン内のものを指定してください。</translation>
    </message>
    <message>
        <source>AWS EC2 subnet ID used for VM creation; should be in the region above.</source>
        <translation>VM の作成に使用する AWS EC2 サブネット ID です。上記のリージョン内のものを指定してください。</translation>
    </message>
    <message>
        <source>AWS access key ID</source>
        <translation>AWS アクセスキー ID</translation>
    </message>
    <message>
        <source>AWS authentication</source>
        <translation>AWS 認証</translation>
    </message>
    <message>
        <source>AWS instance type</source>
        <translation>AWS インスタンスタイプ</translation>
    </message>
    <message>
        <source>AWS region</source>
        <translation>AWS リージョン</translation>
    </message>
    <message>
        <source>AWS region the VMs are created in, e.g. us-west-2.</source>
        <translation>VM を作成する AWS リージョン (例: us-west-2)。</translation>
    </message>
    <message>
        <source>AWS secret access key</source>
        <translation>AWS シークレットアクセスキー</translation>
    </message>
    <message>
        <source>Access key ID of the IAM user.</source>
        <translation>IAM ユーザーのアクセスキー ID です。</translation>
    </message>
    <message>
        <source>Active Directory</source>
        <translation>Active Directory</translation>
    </message>
    <message>
        <source>Add Telegraf output plugins of your own, in addition to or instead of the above.</source>
        <translation>上記に加えて、または上記の代わりに、独自の Telegraf 出力プラグインを追加します。</translation>
    </message>
    <message>
        <source>Aggregate usage statistics sent to CircleCI.</source>
        <translation>CircleCI に送信される集計済みの利用統計です。</translation>
    </message>
    <message>
        <source>All users must then log in with their LDAP credentials.</source>
        <translation>有効にすると、すべてのユーザーが LDAP の認証情報でログインする必要があります。</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>アーティファクト</translation>
    </message>
    <message>
        <source>Attribute listing the member DNs of a group (uniqueMember for OpenLDAP, member for AD).</source>
        <translation>グループのメンバーの DN を列挙する属性です (OpenLDAP では uniqueMember、AD では member)。</translation>
    </message>
    <message>
        <source>Automated provisioning of virtual machines for Remote Docker and the machine executor.</source>
        <translation>リモート Docker とマシン Executor 用の仮想マシンを自動でプロビジョニングします。</translation>
    </message>
    <message>
        <source>Automatically send some usage statistics to CircleCI</source>
        <translation>一部の利用統計を CircleCI に自動的に送信する</translation>
    </message>
    <message>
        <source>Certificates for HTTPS on the Services machine.</source>
        <translation>Services マシンの HTTPS で使用する証明書です。</translation>
    </message>
    <message>
        <source>CircleCI URL</source>
        <translation>CircleCI URL</translation>
    </message>
    <message>
        <source>Client ID of the OAuth application registered in GitHub.</source>
        <translation>GitHub に登録した OAuth アプリケーションのクライアント ID です。</translation>
    </message>
    <message>
        <source>Client secret of the OAuth application.</source>
        <translation>OAuth アプリケーションのクライアントシークレットです。</translation>
    </message>
    <message>
        <source>CloudWatch authentication</source>
        <translation>CloudWatch 認証</translation>
    </message>
    <message>
        <source>CloudWatch namespace of the metrics, e.g. ci_metrics.</source>
        <translation>メトリクスの CloudWatch 名前空間 (例: ci_metrics)。</translation>
    </message>
    <message>
        <source>Custom Telegraf outputs</source>
        <translation>カスタム Telegraf 出力</translation>
    </message>
    <message>
        <source>Custom VM AMI</source>
        <translation>カスタム VM AMI</translation>
    </message>
    <message>
        <source>Custom root CAs</source>
        <translation>カスタムルート CA</translation>
    </message>
    <message>
        <source>Customizations</source>
        <translation>カスタマイズ</translation>
    </message>
    <message>
        <source>DN of the LDAP admin user, in the form cn=&lt;admin&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation>LDAP 管理者ユーザーの DN です。形式: cn=&lt;admin&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;</translation>
    </message>
    <message>
        <source>Datadog API key</source>
        <translation>Datadog API キー</translation>
    </message>
    <message>
        <source>Domain name or IP address of the Services machine, e.g. circleci.example.com.</source>
        <translation>Services マシンのドメイン名または IP アドレス (例: circleci.example.com)。</translation>
    </message>
    <message>
        <source>EC2 security group ID</source>
        <translation>EC2 セキュリティグループ ID</translation>
    </message>
    <message>
        <source>EC2 subnet ID</source>
        <translation>EC2 サブネット ID</translation>
    </message>
    <message>
        <source>Enable LDAP authentication</source>
        <translation>LDAP 認証を有効にする</translation>
    </message>
    <message>
        <source>Enable metrics forwarding to AWS CloudWatch.</source>
        <translation>AWS CloudWatch へのメトリクス転送を有効にします。</translation>
    </message>
    <message>
        <source>Enable metrics forwarding to Datadog.</source>
        <translation>Datadog へのメトリクス転送を有効にします。</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>暗号化</translation>
    </message>
    <message>
        <source>Extra environment variables</source>
        <translation>追加の環境変数</translation>
    </message>
    <message>
        <source>Forward system and Docker metrics through Telegraf to CloudWatch, Datadog or any output.</source>
        <translation>システムと Docker のメトリクスを Telegraf 経由で CloudWatch、Datadog、または任意の出力先に転送します。</translation>
    </message>
    <message>
        <source>Forward to AWS CloudWatch</source>
        <translation>AWS CloudWatch に転送</translation>
    </message>
    <message>
        <source>Forward to Datadog</source>
        <translation>Datadog に転送</translation>
    </message>
    <message>
        <source>Frontend JVM heap size</source>
        <translation>フロントエンドの JVM ヒープサイズ</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>GitHub URL</source>
        <translation>GitHub URL</translation>
    </message>
    <message>
        <source>Global tags</source>
        <translation>グローバルタグ</translation>
    </message>
    <message>
        <source>Group membership attribute</source>
        <translation>グループメンバーシップ属性</translation>
    </message>
    <message>
        <source>Group object class</source>
        <translation>グループのオブジェクトクラス</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP プロキシ</translation>
    </message>
    <message>
        <source>HTTPS only</source>
        <translation>HTTPS のみ</translation>
    </message>
    <message>
        <source>HTTPS proxy</source>
        <translation>HTTPS プロキシ</translation>
    </message>
    <message>
        <source>Heap of the frontend container, e.g. 4g; preferred over the global value.</source>
        <translation>frontend コンテナーのヒープ (例: 4g)。全体の値より優先されます。</translation>
    </message>
    <message>
        <source>Heap of the test_results container, e.g. 2048m; preferred over the global value.</source>
        <translation>test_results コンテナーのヒープ (例: 2048m)。全体の値より優先されます。</translation>
    </message>
    <message>
        <source>Host name or IP address of the LDAP server.</source>
        <translation>LDAP サーバーのホスト名または IP アドレスです。</translation>
    </message>
    <message>
        <source>Hostname</source>
        <translation>ホスト名</translation>
    </message>
    <message>
        <source>Hosts, domains (.example.com) and networks (10.0.0.0/8) reached directly, e.g. the Services machine and s3.amazonaws.com. 127.0.0.1, localhost, the host name, the GitHub host and, on EC2, 169.254.169.254 are always added.</source>
        <translation>プロキシを経由せず直接接続するホスト、ドメイン (.example.com)、ネットワーク (10.0.0.0/8) です (例: Services マシン、s3.amazonaws.com)。127.0.0.1、localhost、ホスト名、GitHub のホスト、および EC2 上では 169.254.169.254 が常に追加されます。</translation>
    </message>
    <message>
        <source>How build artifacts are served.</source>
        <translation>ビルドアーティファクトの提供方法です。</translation>
    </message>
    <message>
        <source>I agree to the license agreement</source>
        <translation>ライセンス契約に同意する</translation>
    </message>
    <message>
        <source>IAM instance profile</source>
        <translation>IAM インスタンスプロファイル</translation>
    </message>
    <message>
        <source>IAM user (key + secret)</source>
        <translation>IAM ユーザー (キー + シークレット)</translation>
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128.</source>
        <translation>&lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt; の形式で指定します (例: http://10.0.0.33:3128)。</translation>
    </message>
    <message>
        <source>In the form &lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt;, e.g. http://10.0.0.33:3128; empty uses the HTTP proxy.</source>
        <translation>&lt;protocol&gt;://&lt;ip-or-host&gt;:&lt;port&gt; の形式で指定します (例: http://10.0.0.33:3128)。空の場合は HTTP プロキシを使用します。</translation>
    </message>
    <message>
        <source>Instance type the VM service should use, e.g. m5.large.</source>
        <translation>VM サービスが使用するインスタンスタイプ (例: m5.large)。</translation>
    </message>
    <message>
        <source>JVM heap size (all containers)</source>
        <translation>JVM ヒープサイズ (全コンテナー)</translation>
    </message>
    <message>
        <source>JVM_HEAP_SIZE for all containers reading it, e.g. 4g or 4096m.</source>
        <translation>JVM_HEAP_SIZE を読み取るすべてのコンテナーに設定する値 (例: 4g、4096m)。</translation>
    </message>
    <message>
        <source>LDAP authentication</source>
        <translation>LDAP 認証</translation>
    </message>
    <message>
        <source>LDAPS</source>
        <translation>LDAPS</translation>
    </message>
    <message>
        <source>License agreement</source>
        <translation>ライセンス契約</translation>
    </message>
    <message>
        <source>Metrics forwarding</source>
        <translation>メトリクス転送</translation>
    </message>
    <message>
        <source>More export NAME=&quot;value&quot; lines; names match [A-Z_][A-Z0-9_]*.</source>
        <translation>追加する export NAME=&quot;value&quot; 行です。名前は [A-Z_][A-Z0-9_]* に一致する必要があります。</translation>
    </message>
    <message>
        <source>No proxy for</source>
        <translation>プロキシを使用しない宛先</translation>
    </message>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>OAuth client ID</source>
        <translation>OAuth クライアント ID</translation>
    </message>
    <message>
        <source>OAuth client secret</source>
        <translation>OAuth クライアントシークレット</translation>
    </message>
    <message>
        <source>On-Host</source>
        <translation>ホスト上</translation>
    </message>
    <message>
        <source>Only serve artifacts with safe content types</source>
        <translation>安全なコンテンツタイプのアーティファクトのみを提供する</translation>
    </message>
    <message>
        <source>OpenLDAP</source>
        <translation>OpenLDAP</translation>
    </message>
    <message>
        <source>Opt in to sending weekly account usage and job activity.</source>
        <translation>アカウントの利用状況とジョブのアクティビティを毎週送信することに同意します。</translation>
    </message>
    <message>
        <source>Optional DN of the group whose members alone may log in.</source>
        <translation>ログインをメンバーのみに許可するグループの DN です (省略可)。</translation>
    </message>
    <message>
        <source>Optional postgresql://user:password@host:5432/dbname; empty keeps the embedded SQLite database.</source>
        <translation>postgresql://user:password@host:5432/dbname の形式で指定します (省略可)。空の場合は組み込みの SQLite データベースを使用します。</translation>
    </message>
    <message>
        <source>Other artifacts are served as plain text or downloads, never rendered.</source>
        <translation>それ以外のアーティファクトはプレーンテキストまたはダウンロードとして提供され、レンダリングされることはありません。</translation>
    </message>
    <message>
        <source>Overrides the scheme and host that CircleCI uses (CIRCLE_URL).</source>
        <translation>CircleCI が使用するスキームとホストを上書きします (CIRCLE_URL)。</translation>
    </message>
    <message>
        <source>PEM certificate of the host name, followed by its intermediate certificates.</source>
        <translation>ホスト名の PEM 証明書と、それに続く中間証明書です。</translation>
    </message>
    <message>
        <source>PEM certificates to trust (copied to /usr/local/share/ca-certificates/), e.g. the chain of a GitHub Enterprise instance signed by an internal root CA.</source>
        <translation>信頼する PEM 証明書です (/usr/local/share/ca-certificates/ にコピーされます)。例: 社内のルート CA で署名された GitHub Enterprise インスタンスの証明書チェーン。</translation>
    </message>
    <message>
        <source>Password of the search user.</source>
        <translation>検索ユーザーのパスワードです。</translation>
    </message>
    <message>
        <source>Plain text (not recommended)</source>
        <translation>平文 (非推奨)</translation>
    </message>
    <message>
        <source>Plain text is not recommended.</source>
        <translation>平文は推奨されません。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>PostgreSQL URL</source>
        <translation>PostgreSQL URL</translation>
    </message>
    <message>
        <source>Preallocated Remote Docker VMs</source>
        <translation>事前割り当てするリモート Docker VM</translation>
    </message>
    <message>
        <source>Preallocated machine executor VMs</source>
        <translation>事前割り当てするマシン Executor VM</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>プロバイダー</translation>
    </message>
    <message>
        <source>Proxy for Replicated, the Services machine and the Nomad clients. Must be set before installing on fresh machines.</source>
        <translation>Replicated、Services マシン、Nomad クライアントが使用するプロキシです。新しいマシンにインストールする前に設定する必要があります。</translation>
    </message>
    <message>
        <source>Region of the CloudWatch endpoint, e.g. us-west-2.</source>
        <translation>CloudWatch エンドポイントのリージョン (例: us-west-2)。</translation>
    </message>
    <message>
        <source>Restricted group</source>
        <translation>制限グループ</translation>
    </message>
    <message>
        <source>Search password</source>
        <translation>検索パスワード</translation>
    </message>
    <message>
        <source>Search user</source>
        <translation>検索ユーザー</translation>
    </message>
    <message>
        <source>Secret access key of the IAM user (40 characters).</source>
        <translation>IAM ユーザーのシークレットアクセスキー (40 文字) です。</translation>
    </message>
    <message>
        <source>Selects the defaults of the attribute fields below.</source>
        <translation>以下の属性フィールドの既定値を選択します。</translation>
    </message>
    <message>
        <source>Serve the application over HTTPS only (plain HTTP is redirected).</source>
        <translation>アプリケーションを HTTPS のみで提供します (HTTP での接続はリダイレクトされます)。</translation>
    </message>
    <message>
        <source>Server type</source>
        <translation>サーバーの種類</translation>
    </message>
    <message>
        <source>StartTLS</source>
        <translation>StartTLS</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>ストレージ</translation>
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation>TLS / HTTPS</translation>
    </message>
    <message>
        <source>TLS certificate chain</source>
        <translation>TLS 証明書チェーン</translation>
    </message>
    <message>
        <source>TLS private key</source>
        <translation>TLS 秘密鍵</translation>
    </message>
    <message>
        <source>Tags added to every metric, e.g. Env = staging ([global_tags] in Telegraf).</source>
        <translation>すべてのメトリクスに付加するタグです (例: Env = staging)。Telegraf の [global_tags] に相当します。</translation>
    </message>
    <message>
        <source>Telegraf TOML, e.g. [[outputs.influxdb]] with url = &quot;http://10.0.0.5:8086&quot;.</source>
        <translation>Telegraf の TOML です (例: url = &quot;http://10.0.0.5:8086&quot; を指定した [[outputs.influxdb]])。</translation>
    </message>
    <message>
        <source>Telegraf configuration</source>
        <translation>Telegraf の設定</translation>
    </message>
    <message>
        <source>Test results JVM heap size</source>
        <translation>テスト結果の JVM ヒープサイズ</translation>
    </message>
    <message>
        <source>The GitHub or GitHub Enterprise instance users authenticate with.</source>
        <translation>ユーザーの認証に使用する GitHub または GitHub Enterprise のインスタンスです。</translation>
    </message>
    <message>
        <source>The host name users reach the installation by.</source>
        <translation>ユーザーがこのインストールにアクセスするためのホスト名です。</translation>
    </message>
    <message>
        <source>The license agreement must be accepted before settings can be applied.</source>
        <translation>設定を適用するには、ライセンス契約に同意する必要があります。</translation>
    </message>
    <message>
        <source>Unencrypted PEM private key matching the certificate.</source>
        <translation>証明書に対応する、暗号化されていない PEM 秘密鍵です。</translation>
    </message>
    <message>
        <source>Unique identifier of a user, e.g. uid, mail or sAMAccountName.</source>
        <translation>ユーザーの一意の識別子 (例: uid、mail、sAMAccountName)。</translation>
    </message>
    <message>
        <source>Usage statistics</source>
        <translation>利用統計</translation>
    </message>
    <message>
        <source>Use the Services machine&apos;s instance profile, or an access key and secret.</source>
        <translation>Services マシンのインスタンスプロファイル、またはアクセスキーとシークレットを使用します。</translation>
    </message>
    <message>
        <source>User search DN</source>
        <translation>ユーザー検索 DN</translation>
    </message>
    <message>
        <source>Username attribute</source>
        <translation>ユーザー名属性</translation>
    </message>
    <message>
        <source>Users log in with OpenLDAP or Active Directory credentials. Only clean installations may use LDAP.</source>
        <translation>ユーザーは OpenLDAP または Active Directory の認証情報でログインします。LDAP を使用できるのは新規インストールのみです。</translation>
    </message>
    <message>
        <source>VM provider</source>
        <translation>VM プロバイダー</translation>
    </message>
    <message>
        <source>VMs kept waiting for Remote Docker jobs; 0 provisions on demand only.</source>
        <translation>リモート Docker のジョブ用に待機させておく VM の数です。0 の場合はオンデマンドでのみプロビジョニングします。</translation>
    </message>
    <message>
        <source>VMs kept waiting for machine executor jobs; 0 provisions on demand only.</source>
        <translation>マシン Executor のジョブ用に待機させておく VM の数です。0 の場合はオンデマンドでのみプロビジョニングします。</translation>
    </message>
    <message>
        <source>Values written to /etc/circle-installation-customizations and per-container files.</source>
        <translation>/etc/circle-installation-customizations およびコンテナーごとのファイルに書き込まれる値です。</translation>
    </message>
    <message>
        <source>Where gantryd keeps audit events and job history.</source>
        <translation>gantryd が監査イベントとジョブ履歴を保存する場所です。</translation>
    </message>
    <message>
        <source>Where users are searched, in the form ou=&lt;users&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;.</source>
        <translation>ユーザーを検索する場所です。形式: ou=&lt;users&gt;,dc=&lt;example&gt;,dc=&lt;org&gt;</translation>
    </message>
    <message>
        <source>You certify that you have the authority to agree to it on behalf of your organization.</source>
        <translation>あなたが組織を代表してこの契約に同意する権限を有することを保証します。</translation>
    </message>
    <message>
        <source>Your Datadog API key (32 hexadecimal digits).</source>
        <translation>Datadog の API キー (16 進数 32 桁) です。</translation>
    </message>
    <message>
        <source>https://github.com or your GitHub Enterprise URL. It cannot change after the first apply: moving the GitHub instance corrupts the installation.</source>
        <translation>https://github.com、または GitHub Enterprise の URL です。初回の適用後は変更できません。GitHub インスタンスを移行するとインストールが破損します。</translation>
    </message>
    <message>
        <source>objectClass that marks a DN as a group (groupOfUniqueNames for OpenLDAP, group for AD).</source>
        <translation>DN がグループであることを示す objectClass です (OpenLDAP では groupOfUniqueNames、AD では group)。</translation>
    </message>
</context>
<context>
    <name>gantry</name>
    <message>
        <source>(no name)</source>
        <translation>(名前なし)</translation>
    </message>
</context>
<context>
    <name>gantry::AllocationLog</name>
    <message>
        <source>No allocation is open.</source>
        <translation>開いているアロケーションはありません。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>The connection to gantryd is gone.</source>
        <translation>gantryd への接続が失われました。</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n byte(s) to %1</source>
        <translation>
            <numerusform>%n バイトを %1 に保存しました</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::AuditDetailPane</name>
    <message>
        <source>Cop&amp;y as JSON</source>
        <translation>JSON としてコピー(&amp;Y)</translation>
    </message>
    <message>
        <source>Audit event details</source>
        <translation>監査イベントの詳細</translation>
    </message>
    <message>
        <source>Event summary</source>
        <translation>イベントの概要</translation>
    </message>
    <message>
        <source>Event fields as JSON</source>
        <translation>イベントのフィールド (JSON)</translation>
    </message>
    <message>
        <source>Copy the event as JSON</source>
        <translation>イベントを JSON としてコピー</translation>
    </message>
    <message>
        <source>Put the whole event, as gantryd returns it, on the clipboard</source>
        <translation>gantryd が返したイベント全体をそのままクリップボードにコピーします</translation>
    </message>
    <message>
        <source>Select an event to see all its fields.</source>
        <translation>イベントを選択すると、すべてのフィールドが表示されます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;id %4 · version %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3&lt;br&gt;ID %4 · バージョン %5</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
</context>
<context>
    <name>gantry::AuditExport</name>
    <message>
        <source>An export is already running.</source>
        <translation>エクスポートはすでに実行中です。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>gantryd sent no CSV.</source>
        <translation>gantryd から CSV が送信されませんでした。</translation>
    </message>
    <message>
        <source>The export ended after %1 of %2 bytes; the file was not written.</source>
        <translation>エクスポートが %2 バイト中 %1 バイトで終了しました。ファイルは書き込まれていません。</translation>
    </message>
    <message>
        <source>The export has %1 rows where gantryd announced %2; the file was not written.</source>
        <translation>gantryd が通知した行数は %2 行ですが、エクスポートされたのは %1 行でした。ファイルは書き込まれていません。</translation>
    </message>
</context>
<context>
    <name>gantry::AuditExportDialog</name>
    <message>
        <source>Export audit log</source>
        <translation>監査ログのエクスポート</translation>
    </message>
    <message>
        <source>Export status</source>
        <translation>エクスポートの状態</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>エクスポートの進行状況</translation>
    </message>
    <message>
        <source>Writing the events of the current filter, oldest first, to %1</source>
        <translation>現在のフィルターに一致するイベントを古い順に %1 へ書き込んでいます</translation>
    </message>
    <message>
        <source>gantryd is selecting %1…</source>
        <translation>gantryd が %1 を抽出しています…</translation>
    </message>
    <message>
        <source>%1 of %2 rows written</source>
        <translation>%2 行中 %1 行を書き込みました</translation>
    </message>
    <message>
        <source>%1 rows written</source>
        <translation>%1 行を書き込みました</translation>
    </message>
    <message>
        <source>Done: %1 rows in %2.</source>
        <translation>完了: %1 行 (%2)。</translation>
    </message>
    <message>
        <source>Canceled; no file was written.</source>
        <translation>キャンセルしました。ファイルは書き込まれていません。</translation>
    </message>
    <message>
        <source>The export failed; no file was written: %1</source>
        <translation>エクスポートに失敗しました。ファイルは書き込まれていません: %1</translation>
    </message>
</context>
<context>
    <name>gantry::AuditFilterBar</name>
    <message>
        <source>user.logged_in, workflow.job.*</source>
        <translation>user.logged_in, workflow.job.*</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>id or name</source>
        <translation>ID または名前</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>words in names and payloads</source>
        <translation>名前とペイロード内の単語</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>検索テキスト</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>適用(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>クリア(&amp;L)</translation>
    </message>
    <message>
        <source>Audit log filter</source>
        <translation>監査ログのフィルター</translation>
    </message>
    <message>
        <source>Time range</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Events at or after this local time</source>
        <translation>このローカル時刻以降のイベント</translation>
    </message>
    <message>
        <source>Events before this local time</source>
        <translation>このローカル時刻より前のイベント</translation>
    </message>
    <message>
        <source>An action, or a prefix ending in * for a family of actions</source>
        <translation>操作、または一連の操作を表す * で終わるプレフィックス</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>Full-text search; a word ending in * matches as a prefix</source>
        <translation>全文検索。* で終わる単語は前方一致で検索します</translation>
    </message>
    <message>
        <source>Apply the filter</source>
        <translation>フィルターを適用</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>フィルターをクリア</translation>
    </message>
    <message>
        <source>Filter problems</source>
        <translation>フィルターの問題</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>期間(&amp;T):</translation>
    </message>
    <message>
        <source>F&amp;rom:</source>
        <translation>開始(&amp;R):</translation>
    </message>
    <message>
        <source>U&amp;ntil:</source>
        <translation>終了(&amp;N):</translation>
    </message>
    <message>
        <source>Su&amp;ccess:</source>
        <translation>成功(&amp;C):</translation>
    </message>
    <message>
        <source>Act&amp;ion:</source>
        <translation>操作(&amp;I):</translation>
    </message>
    <message>
        <source>Act&amp;or:</source>
        <translation>実行者(&amp;O):</translation>
    </message>
    <message>
        <source>Tar&amp;get:</source>
        <translation>対象(&amp;G):</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>検索(&amp;S):</translation>
    </message>
</context>
<context>
    <name>gantry::AuditLogPage</name>
    <message>
        <source>&amp;Jump to time…</source>
        <translation>時刻へ移動(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>監査ログ</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>監査イベント</translation>
    </message>
    <message>
        <source>Number of events</source>
        <translation>イベント数</translation>
    </message>
    <message>
        <source>Show new events</source>
        <translation>新しいイベントを表示</translation>
    </message>
    <message>
        <source>Jump to time</source>
        <translation>時刻へ移動</translation>
    </message>
    <message>
        <source>Show the events that occurred before a moment</source>
        <translation>指定した時刻より前に発生したイベントを表示します</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV エクスポート</translation>
    </message>
    <message>
        <source>Write every event of the current filter to a CSV file</source>
        <translation>現在のフィルターに一致するすべてのイベントを CSV ファイルに書き出します</translation>
    </message>
    <message>
        <source>Time to jump to</source>
        <translation>移動先の時刻</translation>
    </message>
    <message>
        <source>Show the events that occurred before (local time):</source>
        <translation>次の時刻 (ローカル時刻) より前に発生したイベントを表示:</translation>
    </message>
    <message>
        <source>Export audit log as CSV</source>
        <translation>監査ログを CSV としてエクスポート</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>読み込み中…</translation>
    </message>
    <message>
        <source>Cannot read the audit log: %1</source>
        <translation>監査ログを読み込めません: %1</translation>
    </message>
    <message>
        <source>1 new event</source>
        <translation>新しいイベント 1 件</translation>
    </message>
    <message>
        <source>%1 new events</source>
        <translation>新しいイベント %1 件</translation>
    </message>
</context>
<context>
    <name>gantry::AuditTableModel</name>
    <message>
        <source>about %1 events</source>
        <translation>約 %1 件のイベント</translation>
    </message>
    <message>
        <source>at least %1 events</source>
        <translation>%1 件以上のイベント</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 件のイベント</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 件のイベント</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>Occurred at</source>
        <translation>発生日時</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Success</source>
        <translation>成功</translation>
    </message>
</context>
<context>
    <name>gantry::CertificateText</name>
    <message>
        <source>(expired)</source>
        <translation>(期限切れ)</translation>
    </message>
    <message>
        <source>(expires within 30 days)</source>
        <translation>(30 日以内に期限切れ)</translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2</source>
        <translation>サブジェクト: %1
発行者: %2</translation>
    </message>
    <message>
        <source>Names: %1</source>
        <translation>名前: %1</translation>
    </message>
    <message>
        <source>Expires: %1</source>
        <translation>有効期限: %1</translation>
    </message>
    <message>
        <source>%1 · expires %2</source>
        <translation>%1 · 有効期限 %2</translation>
    </message>
    <message>
        <source>(+%1 more)</source>
        <translation>(他 %1 件)</translation>
    </message>
</context>
<context>
    <name>gantry::CheckRunDialog</name>
    <message>
        <source>Check in progress</source>
        <translation>チェックを実行中</translation>
    </message>
    <message>
        <source>Check steps</source>
        <translation>チェックの手順</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <source>Cancel check</source>
        <translation>チェックをキャンセル</translation>
    </message>
    <message>
        <source>✗ The check could not run: %1</source>
        <translation>✗ チェックを実行できませんでした: %1</translation>
    </message>
    <message>
        <source>Cancelled. gantryd stops the check at its next step.</source>
        <translation>キャンセルしました。gantryd は次の手順でチェックを停止します。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <source>%1 %2 (%3 ms)
%4</source>
        <translation>%1 %2 (%3 ms)
%4</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1: %2、%3</translation>
    </message>
    <message>
        <source>✓ Passed.</source>
        <translation>✓ 成功しました。</translation>
    </message>
    <message>
        <source>✗ Failed: see the steps marked with a cross.</source>
        <translation>✗ 失敗しました: × 印の付いた手順を確認してください。</translation>
    </message>
</context>
<context>
    <name>gantry::ConnectionMonitor</name>
    <message>
        <source>the token was rejected</source>
        <translation>トークンが拒否されました</translation>
    </message>
</context>
<context>
    <name>gantry::ConnectionStatus</name>
    <message>
        <source>Connecting…</source>
        <translation>接続中…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>%1 に接続中…</translation>
    </message>
    <message>
        <source>Connected to %1 (embedded)</source>
        <translation>接続済み: %1 (組み込み)</translation>
    </message>
    <message>
        <source>Connected to %1 (attached)</source>
        <translation>接続済み: %1 (既存に接続)</translation>
    </message>
    <message>
        <source>Connected to %1 (remote)</source>
        <translation>接続済み: %1 (リモート)</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>切断</translation>
    </message>
    <message numerus="yes">
        <source>Disconnected, retrying in %n s</source>
        <translation>
            <numerusform>切断、%n 秒後に再試行</numerusform>
        </translation>
    </message>
    <message>
        <source>Disconnected, retrying now</source>
        <translation>切断、再試行中</translation>
    </message>
    <message numerus="yes">
        <source>Starting gantryd: %1 (%n s)…</source>
        <translation>
            <numerusform>gantryd を起動中: %1（%n 秒）…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::ConsoleAccess</name>
    <message>
        <source>%1 is a viewer: viewers can look at everything but change nothing. An admin can promote you on the Users page.</source>
        <translation>%1 は閲覧者です。閲覧者はすべてを表示できますが、何も変更できません。管理者は「ユーザー」ページであなたを昇格できます。</translation>
    </message>
    <message>
        <source>This account</source>
        <translation>このアカウント</translation>
    </message>
</context>
<context>
    <name>gantry::ConsoleSession</name>
    <message>
        <source>Secrets key: key file in the data dir</source>
        <translation>シークレット鍵: データディレクトリの鍵ファイル</translation>
    </message>
    <message>
        <source>Secrets key: OS keychain</source>
        <translation>シークレット鍵: OS のキーチェーン</translation>
    </message>
    <message>
        <source>Secrets key: key file (no keychain)</source>
        <translation>シークレット鍵: 鍵ファイル (キーチェーンなし)</translation>
    </message>
    <message>
        <source>No keychain</source>
        <translation>キーチェーンがありません</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1). The key that encrypts stored secrets is kept in a key file readable only by you (mode 0600) in %2 instead.</source>
        <translation>OS のキーチェーンが応答しませんでした (%1)。保存されたシークレットを暗号化する鍵は、代わりに %2 内のあなただけが読める鍵ファイル (モード 0600) に保管されます。</translation>
    </message>
    <message>
        <source>Token for %1</source>
        <translation>%1 のトークン</translation>
    </message>
    <message>
        <source>API token of the gantryd at %1:</source>
        <translation>%1 の gantryd の API トークン:</translation>
    </message>
    <message>
        <source>Remote control plane</source>
        <translation>リモートのコントロールプレーン</translation>
    </message>
    <message>
        <source>The OS keychain is not available: %1</source>
        <translation>OS のキーチェーンを利用できません: %1</translation>
    </message>
    <message>
        <source>the token</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>the session</source>
        <translation>セッション</translation>
    </message>
    <message>
        <source>Not stored</source>
        <translation>保存されていません</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1), so %2 is kept in memory for this session only and never written to disk. Gantry will ask again next time.</source>
        <translation>OS のキーチェーンが応答しなかったため (%1)、%2 はこのセッションの間だけメモリに保持され、ディスクには書き込まれません。次回、Gantry は再度入力を求めます。</translation>
    </message>
    <message>
        <source>gantryd did not accept the stored token or session; a session ends after a while, and an admin may have revoked the token.</source>
        <translation>gantryd は保存されたトークンまたはセッションを受け付けませんでした。セッションは一定時間が経過すると終了します。また、管理者がトークンを取り消した可能性もあります。</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>Sign &amp;out %1</source>
        <translation>%1 のサインアウト(&amp;O)</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>サインアウトしました。</translation>
    </message>
    <message>
        <source>No token or session is stored for this address yet.</source>
        <translation>このアドレスには、まだトークンもセッションも保存されていません。</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <source>gantryd cannot use its database</source>
        <translation>gantryd がデータベースを使用できません</translation>
    </message>
    <message>
        <source>%1

Start gantryd with the audit log in the data dir for this run, so that you can correct storage.database_url on the Storage page? Audit events of this run stay in the data dir.</source>
        <translation>%1

今回の起動に限り監査ログをデータディレクトリに置いて gantryd を起動し、ストレージ ページで storage.database_url を修正しますか? 今回の起動中の監査イベントはデータディレクトリに残ります。</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardChartView</name>
    <message>
        <source>Running allocations</source>
        <translation>実行中のアロケーション</translation>
    </message>
    <message>
        <source>Jobs pending and running</source>
        <translation>開始待ちおよび実行中のジョブ</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>開始待ち</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>待ち時間</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中央値</translation>
    </message>
    <message>
        <source>95th percentile</source>
        <translation>95 パーセンタイル</translation>
    </message>
    <message>
        <source>%.0f s</source>
        <translation>%.0f 秒</translation>
    </message>
    <message>
        <source>Allocations per node (busiest)</source>
        <translation>ノードごとのアロケーション (多い順)</translation>
    </message>
    <message>
        <source>Chart of jobs pending and running</source>
        <translation>開始待ちおよび実行中のジョブのグラフ</translation>
    </message>
    <message>
        <source>Chart of queue time, median and 95th percentile</source>
        <translation>待ち時間 (中央値と 95 パーセンタイル) のグラフ</translation>
    </message>
    <message>
        <source>Seconds from submission to start of the jobs that started in the minute before each point (in the bucket, over 24 h)</source>
        <translation>各点の直前 1 分間 (24 時間の範囲ではそのバケット内) に開始したジョブの、送信から開始までの秒数</translation>
    </message>
    <message>
        <source>Chart of allocations per node</source>
        <translation>ノードごとのアロケーションのグラフ</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardModel</name>
    <message>
        <source>15 min</source>
        <translation>15 分</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 時間</translation>
    </message>
</context>
<context>
    <name>gantry::DashboardPage</name>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Jobs waiting for a node: pending, not on hold for approval and not waiting for a job they require</source>
        <translation>ノードを待っているジョブ: 開始待ちで、承認待ちでも、依存するジョブの完了待ちでもないもの</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Jobs with running allocations</source>
        <translation>実行中のアロケーションがあるジョブ</translation>
    </message>
    <message>
        <source>Nodes ready</source>
        <translation>準備完了のノード</translation>
    </message>
    <message>
        <source>Ready, eligible and not draining</source>
        <translation>準備完了かつ適格で、ドレイン中ではないノード</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>ドレイン中</translation>
    </message>
    <message>
        <source>Nodes that take no new work</source>
        <translation>新しい処理を受け付けないノード</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>ダウン</translation>
    </message>
    <message>
        <source>Nodes down or still initializing</source>
        <translation>ダウンしているか、まだ初期化中のノード</translation>
    </message>
    <message>
        <source>Median queue time (1 h)</source>
        <translation>待ち時間の中央値 (1 時間)</translation>
    </message>
    <message>
        <source>Of the jobs that started in the last hour</source>
        <translation>過去 1 時間に開始したジョブが対象</translation>
    </message>
    <message>
        <source>Success rate (1 h)</source>
        <translation>成功率 (1 時間)</translation>
    </message>
    <message>
        <source>Of the jobs that finished in the last hour, canceled ones left out</source>
        <translation>過去 1 時間に終了したジョブが対象 (キャンセルされたジョブを除く)</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>範囲:</translation>
    </message>
    <message>
        <source>Chart range %1</source>
        <translation>グラフの範囲: %1</translation>
    </message>
    <message>
        <source>Why are jobs queuing?</source>
        <translation>ジョブが待機している理由</translation>
    </message>
    <message>
        <source>Queue diagnosis</source>
        <translation>待機の診断</translation>
    </message>
    <message>
        <source>Waiting for the fleet…</source>
        <translation>フリートを待機中…</translation>
    </message>
    <message numerus="yes">
        <source>show %n node(s)</source>
        <translation>
            <numerusform>%n 台のノードを表示</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>show %n job(s)</source>
        <translation>
            <numerusform>%n 件のジョブを表示</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::DrainDialog</name>
    <message>
        <source>&amp;Deadline:</source>
        <translation>期限(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;No deadline: let running allocations finish</source>
        <translation>期限なし: 実行中のアロケーションを最後まで実行(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Force: stop running allocations now</source>
        <translation>強制: 実行中のアロケーションを今すぐ停止(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Ignore system jobs (they keep running)</source>
        <translation>システムジョブを無視 (実行を継続)(&amp;I)</translation>
    </message>
    <message>
        <source>Drain %1</source>
        <translation>%1 をドレイン</translation>
    </message>
    <message numerus="yes">
        <source>Drain %n node(s)</source>
        <translation>
            <numerusform>%n 台のノードをドレイン</numerusform>
        </translation>
    </message>
    <message>
        <source>A draining node takes no new allocations. Nodes: %1.</source>
        <translation>ドレイン中のノードには新しいアロケーションが割り当てられません。ノード: %1。</translation>
    </message>
    <message>
        <source>, …</source>
        <translation>, …</translation>
    </message>
    <message>
        <source>Deadline preset</source>
        <translation>期限のプリセット</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 時間</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 時間</translation>
    </message>
    <message>
        <source>12 hours</source>
        <translation>12 時間</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 日</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>カスタム…</translation>
    </message>
    <message>
        <source>Custom deadline</source>
        <translation>カスタム期限</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>days</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Custom deadline unit</source>
        <translation>カスタム期限の単位</translation>
    </message>
    <message>
        <source>Ignore system jobs</source>
        <translation>システムジョブを無視</translation>
    </message>
    <message>
        <source>What will happen</source>
        <translation>実行される内容</translation>
    </message>
    <message>
        <source>No allocation runs on these nodes: they are drained at once and take no new work until undrained.</source>
        <translation>これらのノードで実行中のアロケーションはありません。ノードはただちにドレインされ、ドレインが解除されるまで新しい処理を受け付けません。</translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) will be stopped now and marked lost; their jobs end as lost. The nodes take no new work until undrained.</source>
        <translation>
            <numerusform>実行中の %n 件のアロケーションはただちに停止され、「消失」としてマークされます。それらのジョブも「消失」として終了します。ノードはドレインが解除されるまで新しい処理を受け付けません。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may run to completion, however long that takes; the nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>実行中の %n 件のアロケーションは、時間がかかっても完了まで実行されます。その間、ノードは新しい処理を受け付けません。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running allocation(s) may finish within %1; any still running at %2 will be stopped and marked lost. The nodes take no new work meanwhile.</source>
        <translation>
            <numerusform>実行中の %n 件のアロケーションは %1 以内であれば完了まで実行できます。%2 の時点でまだ実行中のものは停止され、「消失」としてマークされます。その間、ノードは新しい処理を受け付けません。</numerusform>
        </translation>
    </message>
    <message>
        <source>System jobs are left running on the nodes.</source>
        <translation>システムジョブはノード上で実行されたままになります。</translation>
    </message>
    <message numerus="yes">
        <source>Drain and stop %n allocation(s)</source>
        <translation>
            <numerusform>ドレインして %n 件のアロケーションを停止</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::EmbeddedDaemon</name>
    <message>
        <source>%1 is missing or not executable</source>
        <translation>%1 が存在しないか実行できません</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 を起動できません: %2</translation>
    </message>
    <message>
        <source>gantryd stopped unexpectedly (signal or crash)</source>
        <translation>gantryd が予期せず停止しました (シグナルまたはクラッシュ)</translation>
    </message>
    <message>
        <source>gantryd exited with code %1</source>
        <translation>gantryd がコード %1 で終了しました</translation>
    </message>
    <message>
        <source>gantryd stopped answering</source>
        <translation>gantryd が応答しなくなりました</translation>
    </message>
</context>
<context>
    <name>gantry::FleetActions</name>
    <message numerus="yes">
        <source>%1: done for %n item(s)</source>
        <translation>
            <numerusform>%1: %n 件完了しました</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 of %3 failed — %4</source>
        <translation>%1: %3 件中 %2 件が失敗しました — %4</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>ドレイン</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>ドレイン解除</translation>
    </message>
    <message>
        <source>Mark eligible</source>
        <translation>適格に設定</translation>
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation>不適格に設定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message numerus="yes">
        <source>Pipeline submitted: %n job(s)</source>
        <translation>
            <numerusform>パイプラインを送信しました: %n 件のジョブ</numerusform>
        </translation>
    </message>
    <message>
        <source>Pipeline rejected: %1</source>
        <translation>パイプラインが拒否されました: %1</translation>
    </message>
</context>
<context>
    <name>gantry::FleetFeed</name>
    <message>
        <source>Read-only while disconnected from gantryd</source>
        <translation>gantryd から切断されている間は読み取り専用です</translation>
    </message>
    <message>
        <source>Loading the fleet from gantryd…</source>
        <translation>gantryd からフリートを読み込み中…</translation>
    </message>
    <message>
        <source>Not connected to gantryd yet (attempt %1): %2</source>
        <translation>gantryd にまだ接続されていません (%1 回目の試行): %2</translation>
    </message>
    <message>
        <source>Disconnected from gantryd: showing the fleet as of %1, read-only. Reconnecting (attempt %2)…</source>
        <translation>gantryd から切断されました: %1 時点のフリートを読み取り専用で表示しています。再接続中 (%2 回目の試行)…</translation>
    </message>
    <message>
        <source>gantryd&apos;s fleet API did not answer (%1): showing data as of %2, read-only. Retrying…</source>
        <translation>gantryd のフリート API が応答しませんでした (%1): %2 時点のデータを読み取り専用で表示しています。再試行中…</translation>
    </message>
    <message>
        <source>gantryd&apos;s fleet API did not answer (%1). Retrying…</source>
        <translation>gantryd のフリート API が応答しませんでした (%1)。再試行中…</translation>
    </message>
    <message>
        <source>live, updated %1</source>
        <translation>ライブ、%1 に更新</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>データはまだありません</translation>
    </message>
    <message>
        <source>as of %1</source>
        <translation>%1 時点</translation>
    </message>
</context>
<context>
    <name>gantry::FleetFormat</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 時間</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 日 %2 時間</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 日</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>initializing</source>
        <translation>初期化中</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>down</source>
        <translation>ダウン</translation>
    </message>
    <message>
        <source>eligible</source>
        <translation>適格</translation>
    </message>
    <message>
        <source>ineligible</source>
        <translation>不適格</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>開始待ち</translation>
    </message>
    <message>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>success</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>canceled</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>消失</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完了</translation>
    </message>
</context>
<context>
    <name>gantry::JobDetailsPane</name>
    <message>
        <source>Job details</source>
        <translation>ジョブの詳細</translation>
    </message>
    <message>
        <source>Job summary</source>
        <translation>ジョブの概要</translation>
    </message>
    <message>
        <source>Allocations of the job</source>
        <translation>ジョブのアロケーション</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>インデックス</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>アロケーション</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>終了コード</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始時刻</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>終了時刻</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>Could not read the allocations: %1</source>
        <translation>アロケーションを読み取れませんでした: %1</translation>
    </message>
    <message>
        <source>Select a job to see its allocations and logs.</source>
        <translation>ジョブを選択すると、そのアロケーションとログが表示されます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) of workflow &lt;b&gt;%3&lt;/b&gt; · %4%5 · resource class %6 × %7</source>
        <translation>ワークフロー &lt;b&gt;%3&lt;/b&gt; の &lt;b&gt;%1&lt;/b&gt; (%2) · %4%5 · リソースクラス %6 × %7</translation>
    </message>
    <message>
        <source>Submitted %1 · queued %2 · ran %3</source>
        <translation>投入: %1 · 待機: %2 · 実行: %3</translation>
    </message>
    <message>
        <source>requires %1</source>
        <translation>%1 に依存</translation>
    </message>
    <message>
        <source>(not placed)</source>
        <translation>(未配置)</translation>
    </message>
</context>
<context>
    <name>gantry::JobsModel</name>
    <message>
        <source>All jobs</source>
        <translation>すべてのジョブ</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>On hold (approval)</source>
        <translation>保留中 (承認待ち)</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Failed or lost</source>
        <translation>失敗または消失</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>ワークフロー</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Resource class</source>
        <translation>リソースクラス</translation>
    </message>
    <message>
        <source>Node(s)</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>投入日時</translation>
    </message>
    <message>
        <source>Queue time</source>
        <translation>待ち時間</translation>
    </message>
    <message>
        <source>From submission until the job started; for queued jobs, the wait so far</source>
        <translation>投入からジョブ開始までの時間。待機中のジョブでは、現在までの待ち時間</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
</context>
<context>
    <name>gantry::JobsPage</name>
    <message>
        <source>Job actions</source>
        <translation>ジョブの操作</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>状態フィルター</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>表示(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Cancel…</source>
        <translation>キャンセル(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>承認(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Run a pipeline…</source>
        <translation>パイプラインを実行(&amp;R)…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Result of the last action</source>
        <translation>最後の操作の結果</translation>
    </message>
    <message>
        <source>Jobs table</source>
        <translation>ジョブの表</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Cancel %n job(s)…</source>
        <translation>
            <numerusform>%n 件のジョブをキャンセル(&amp;C)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Approve %n job(s)…</source>
        <translation>
            <numerusform>%n 件のジョブを承認(&amp;A)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n 件のジョブ</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n job(s)</source>
        <translation>
            <numerusform>ジョブ %n 件中 %1 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n job(s).</source>
        <translation>
            <numerusform>%1: %n 件のジョブで完了しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 job(s): %4</source>
        <translation>%1 が %3 件中 %2 件のジョブで失敗しました: %4</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n job(s)?</source>
        <translation>
            <numerusform>%n 件のジョブをキャンセルしますか?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The steps of %n running job(s) are stopped now.</source>
        <translation>
            <numerusform>実行中の %n 件のジョブのステップがただちに停止されます。</numerusform>
        </translation>
    </message>
    <message>
        <source>None of them has started yet.</source>
        <translation>いずれもまだ開始されていません。</translation>
    </message>
    <message>
        <source>They end with outcome canceled, and jobs that require them are canceled too.</source>
        <translation>ジョブは結果「キャンセル」で終了し、これらに依存するジョブもキャンセルされます。</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>ジョブのキャンセル</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Approve %1? The jobs of the workflow that require it are then scheduled.</source>
        <translation>%1 を承認しますか? 承認すると、ワークフロー内でこれに依存するジョブがスケジュールされます。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
</context>
<context>
    <name>gantry::LiveTableView</name>
    <message>
        <source>Filter…</source>
        <translation>フィルター…</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>フィルター</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Choose columns and sort order</source>
        <translation>列と並べ替え順の選択</translation>
    </message>
    <message>
        <source>Show or hide columns, and sort by a column</source>
        <translation>列の表示/非表示と、列による並べ替え</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>降順</translation>
    </message>
</context>
<context>
    <name>gantry::LogViewer</name>
    <message>
        <source>&amp;Follow</source>
        <translation>追従(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Jump to latest</source>
        <translation>最新へ移動(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Allocation log</source>
        <translation>アロケーションのログ</translation>
    </message>
    <message>
        <source>stdout</source>
        <translation>stdout</translation>
    </message>
    <message>
        <source>stderr</source>
        <translation>stderr</translation>
    </message>
    <message>
        <source>Log stream</source>
        <translation>ログストリーム</translation>
    </message>
    <message>
        <source>Follow the end of the log</source>
        <translation>ログの末尾に追従</translation>
    </message>
    <message>
        <source>Stays on while the view is at the bottom; scroll up to read in peace</source>
        <translation>表示が末尾にある間は有効です。上にスクロールすると追従が止まり、落ち着いて読めます</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>最新へ移動</translation>
    </message>
    <message>
        <source>Search the log…</source>
        <translation>ログを検索…</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>ログを検索</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>前へ</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>前の一致</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>次へ</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>次の一致</translation>
    </message>
    <message>
        <source>Save the log to a file</source>
        <translation>ログをファイルに保存</translation>
    </message>
    <message>
        <source>Log text</source>
        <translation>ログのテキスト</translation>
    </message>
    <message>
        <source>Log status</source>
        <translation>ログの状態</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Jump to latest (%n new line(s))</source>
        <translation>
            <numerusform>最新へ移動(&amp;J) (新しい行 %n 行)</numerusform>
        </translation>
    </message>
    <message>
        <source>no match</source>
        <translation>一致なし</translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n 件一致</numerusform>
        </translation>
    </message>
    <message>
        <source>No allocation selected.</source>
        <translation>アロケーションが選択されていません。</translation>
    </message>
    <message numerus="yes">
        <source>Allocation %1, %2: %n line(s)</source>
        <translation>
            <numerusform>アロケーション %1、%2: %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>showing the last %n line(s); Save… writes the whole log</source>
        <translation>
            <numerusform>最後の %n 行を表示中。「保存…」でログ全体を保存します</numerusform>
        </translation>
    </message>
    <message>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>running, following the stream</source>
        <translation>実行中、ストリームに追従中</translation>
    </message>
    <message>
        <source>running, reconnecting…</source>
        <translation>実行中、再接続中…</translation>
    </message>
    <message>
        <source>could not read more: %1</source>
        <translation>続きを読み取れませんでした: %1</translation>
    </message>
    <message>
        <source>Save log</source>
        <translation>ログの保存</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt)</source>
        <translation>ログファイル (*.log *.txt)</translation>
    </message>
</context>
<context>
    <name>gantry::LoginDialog</name>
    <message>
        <source>Sign in to %1</source>
        <translation>%1 にサインイン</translation>
    </message>
    <message>
        <source>This gantryd uses LDAP: sign in with your directory user name and password.</source>
        <translation>この gantryd は LDAP を使用しています。ディレクトリのユーザー名とパスワードでサインインしてください。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>ユーザー名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>ユーザー名(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>パスワード(&amp;P):</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>サインイン</translation>
    </message>
    <message>
        <source>Use an API &amp;token instead…</source>
        <translation>代わりに API トークンを使用(&amp;T)…</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>ユーザー名を入力してください。</translation>
    </message>
</context>
<context>
    <name>gantry::MainWindow</name>
    <message>
        <source>Gantry</source>
        <translation>Gantry</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>ナビゲーション</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
</context>
<context>
    <name>gantry::NavigationModel</name>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>TLS / HTTPS</source>
        <translation>TLS / HTTPS</translation>
    </message>
    <message>
        <source>LDAP</source>
        <translation>LDAP</translation>
    </message>
    <message>
        <source>VM provider</source>
        <translation>VM プロバイダー</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>メトリクス</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP プロキシ</translation>
    </message>
    <message>
        <source>Usage statistics</source>
        <translation>利用統計</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>アーティファクト</translation>
    </message>
    <message>
        <source>Customizations</source>
        <translation>カスタマイズ</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>ストレージ</translation>
    </message>
    <message>
        <source>License</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>Queued and running jobs, nodes and queue times, live, with a diagnosis of why builds queue. Coming with the live fleet.</source>
        <translation>待機中・実行中のジョブ、ノード、待ち時間をリアルタイムで表示し、ビルドが待たされる理由を診断します。ライブフリートとともに提供予定。</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Build nodes with drain, eligibility, status and running allocations. Coming with the live fleet.</source>
        <translation>ドレイン、適格性、状態、実行中のアロケーションを持つビルドノード。ライブフリートとともに提供予定。</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>ジョブ</translation>
    </message>
    <message>
        <source>Queued, running and finished jobs with their allocations and logs. Coming with the live fleet.</source>
        <translation>待機中・実行中・完了したジョブとそのアロケーションおよびログ。ライブフリートとともに提供予定。</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>監査ログ</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Every setting of the installation, validated, versioned and rendered. Choose a group on the left.</source>
        <translation>インストールのすべての設定を検証・バージョン管理・出力します。左側でグループを選んでください。</translation>
    </message>
    <message>
        <source>The %1 settings: coming with the settings pages.</source>
        <translation>「%1」の設定: 設定ページとともに提供予定。</translation>
    </message>
    <message>
        <source>Operations</source>
        <translation>運用</translation>
    </message>
    <message>
        <source>Backup and restore, support bundle and health checks. Coming with operations.</source>
        <translation>バックアップと復元、サポートバンドル、ヘルスチェック。運用機能とともに提供予定。</translation>
    </message>
    <message>
        <source>Every admin action and job event, searchable, with CSV export.</source>
        <translation>すべての管理者操作とジョブイベント。検索と CSV エクスポートに対応。</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Who may sign in to this gantryd and with which role (admin or viewer). For admins.</source>
        <translation>この gantryd にサインインできるユーザーとそのロール (管理者または閲覧者)。管理者向け。</translation>
    </message>
</context>
<context>
    <name>gantry::NodesModel</name>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>drained</source>
        <translation>ドレイン済み</translation>
    </message>
    <message numerus="yes">
        <source>draining: %n allocation(s) left</source>
        <translation>
            <numerusform>ドレイン中: アロケーション残り %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (deadline %2)</source>
        <translation>%1 (期限 %2)</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Datacenter</source>
        <translation>データセンター</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>ドレイン</translation>
    </message>
    <message>
        <source>A draining node takes no new allocations; the count is what still runs on it.</source>
        <translation>ドレイン中のノードは新しいアロケーションを受け付けません。数値は、そのノードでまだ実行中のアロケーションの数です。</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>適格性</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Running allocs</source>
        <translation>実行中のアロケーション</translation>
    </message>
    <message>
        <source>CPU used</source>
        <translation>CPU 使用量</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>CPU cores allocated of the node&apos;s allocatable cores (capacity minus reserved)</source>
        <translation>ノードの割り当て可能なコア (容量から予約分を引いたもの) のうち、割り当て済みの CPU コア数</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>メモリ使用量</translation>
    </message>
    <message>
        <source>Memory allocated of the node&apos;s allocatable memory (capacity minus reserved)</source>
        <translation>ノードの割り当て可能なメモリ (容量から予約分を引いたもの) のうち、割り当て済みのメモリ</translation>
    </message>
</context>
<context>
    <name>gantry::NodesPage</name>
    <message>
        <source>Node actions</source>
        <translation>ノードの操作</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>&amp;Drain…</source>
        <translation>ドレイン(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Undrain</source>
        <translation>ドレイン解除(&amp;U)</translation>
    </message>
    <message>
        <source>Mark &amp;ineligible</source>
        <translation>不適格に設定(&amp;I)</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Result of the last action</source>
        <translation>最後の操作の結果</translation>
    </message>
    <message>
        <source>Nodes table</source>
        <translation>ノードの表</translation>
    </message>
    <message>
        <source>Mark &amp;eligible</source>
        <translation>適格に設定(&amp;E)</translation>
    </message>
    <message>
        <source>Stop placing work on the selected nodes, with a deadline for what runs on them</source>
        <translation>選択したノードへの作業の配置を停止し、実行中の作業に期限を設定します</translation>
    </message>
    <message>
        <source>Let the selected nodes take new work again</source>
        <translation>選択したノードが再び新しい作業を受け付けるようにします</translation>
    </message>
    <message>
        <source>Keep the running work but place nothing new on the selected nodes</source>
        <translation>実行中の作業は継続し、選択したノードには新しい作業を配置しません</translation>
    </message>
    <message>
        <source>Let the scheduler place work on the selected nodes</source>
        <translation>スケジューラーが選択したノードに作業を配置できるようにします</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 台のノード</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: done for %n node(s).</source>
        <translation>
            <numerusform>%1: %n 台のノードで完了しました。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 failed for %2 of %3 node(s): %4</source>
        <translation>%1 が %3 台中 %2 台のノードで失敗しました: %4</translation>
    </message>
    <message numerus="yes">
        <source>Draining %n node(s)…</source>
        <translation>
            <numerusform>%n 台のノードをドレイン中…</numerusform>
        </translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>ドレイン</translation>
    </message>
    <message>
        <source>Undrain</source>
        <translation>ドレイン解除</translation>
    </message>
    <message>
        <source>Mark eligible</source>
        <translation>適格に設定</translation>
    </message>
    <message>
        <source>Mark ineligible</source>
        <translation>不適格に設定</translation>
    </message>
</context>
<context>
    <name>gantry::QueueDiagnosis</name>
    <message numerus="yes">
        <source>%1 is draining (%n allocation(s) left)</source>
        <translation>
            <numerusform>%1 はドレイン中 (アロケーション残り %n 件)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is drained</source>
        <translation>%1 はドレイン済み</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 は %2</translation>
    </message>
    <message>
        <source>%1 is ineligible</source>
        <translation>%1 は不適格</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 ほか %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>No job is waiting for capacity.</source>
        <translation>リソースの空きを待っているジョブはありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for approval.</source>
        <translation>
            <numerusform>%n 件のジョブが承認待ちです。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for the jobs they require to finish.</source>
        <translation>
            <numerusform>%n 件のジョブが、依存先のジョブを待っています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are queued and the fleet has no nodes: add nodes.</source>
        <translation>
            <numerusform>%n 件のジョブが待機中ですが、フリートにノードがありません。ノードを追加してください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class %1 (%2 CPUs, %3), which no node can fit: the largest node offers %4 CPUs and %5. Add larger nodes or change the jobs&apos; resource_class.</source>
        <translation>
            <numerusform>%n 件のジョブがリソースクラス %1 (CPU %2 個、%3) を要求していますが、これを収容できるノードがありません。最大のノードは CPU %4 個と %5 です。より大きなノードを追加するか、ジョブの resource_class を変更してください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) ask for resource class &quot;%1&quot;, which gantryd does not know.</source>
        <translation>
            <numerusform>%n 件のジョブが、gantryd の認識しないリソースクラス「%1」を要求しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>No node takes new work: %1. Undrain them, make them eligible or bring them back up.</source>
        <translation>新しい作業を受け付けるノードがありません: %1。ドレインを解除するか、適格にするか、ノードを復旧してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) take no new work while jobs queue: %1.</source>
        <translation>
            <numerusform>ジョブが待機中ですが、%n 台のノードが新しい作業を受け付けていません: %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Eligible nodes have room for every queued job, yet %n job(s) wait (the oldest for %1). gantryd&apos;s scheduler places jobs within seconds: if they stay, look at gantryd&apos;s log.</source>
        <translation>
            <numerusform>適格なノードには待機中のすべてのジョブを実行する余裕がありますが、%n 件のジョブが待機しています (最も古いもので %1)。gantryd のスケジューラーは数秒以内にジョブを配置します。待機が続く場合は gantryd のログを確認してください。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are being placed on nodes with room.</source>
        <translation>
            <numerusform>%n 件のジョブを空きのあるノードに配置しています。</numerusform>
        </translation>
    </message>
    <message>
        <source>No eligible node is left to run the queue.</source>
        <translation>待機中のジョブを実行できる適格なノードが残っていません。</translation>
    </message>
    <message>
        <source>Every eligible node is full.</source>
        <translation>すべての適格なノードが満杯です。</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) wait for %1 CPUs and %2.</source>
        <translation>
            <numerusform>%n 件のジョブが CPU %1 個と %2 の空きを待っています。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n node(s) of %1 CPUs and %2 to run them now.</source>
        <translation>
            <numerusform>すぐに実行するには、CPU %1 個と %2 のノードを %n 台追加してください。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::ReviewApplyDialog</name>
    <message>
        <source>Review and apply settings</source>
        <translation>設定の確認と適用</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Applied now</source>
        <translation>現在の適用値</translation>
    </message>
    <message>
        <source>After apply</source>
        <translation>適用後</translation>
    </message>
    <message>
        <source>Changes to apply</source>
        <translation>適用する変更</translation>
    </message>
    <message>
        <source>Apply in progress</source>
        <translation>適用中</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <source>Show the field</source>
        <translation>フィールドを表示</translation>
    </message>
    <message>
        <source>✓ Applied as version %1.</source>
        <translation>✓ バージョン %1 として適用しました。</translation>
    </message>
    <message>
        <source>The TLS settings changed: gantryd serves HTTPS with them from its next start, so restart it.</source>
        <translation>TLS の設定が変更されました。gantryd は次回の起動時からこの設定で HTTPS を提供するため、gantryd を再起動してください。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>✗ gantryd refused the settings: %1</source>
        <translation>✗ gantryd が設定を拒否しました: %1</translation>
    </message>
    <message>
        <source>Secrets are never shown, only whether they change.</source>
        <translation>シークレットは表示されず、変更されるかどうかのみが表示されます。</translation>
    </message>
    <message>
        <source>Nothing was changed. Applying now writes version 1 with the values shown (defaults included).</source>
        <translation>変更はありません。今適用すると、表示されている値 (既定値を含む) でバージョン 1 が書き込まれます。</translation>
    </message>
    <message>
        <source>Nothing was changed since version %1.</source>
        <translation>バージョン %1 以降、変更はありません。</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) change from version %1 to version %2:</source>
        <translation>
            <numerusform>バージョン %1 からバージョン %2 で %n 件の設定が変更されます:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::RunPipelineDialog</name>
    <message>
        <source>Run a pipeline</source>
        <translation>パイプラインの実行</translation>
    </message>
    <message>
        <source>Choose a config.yml…</source>
        <translation>config.yml を選択…</translation>
    </message>
    <message>
        <source>config.yml file</source>
        <translation>config.yml ファイル</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>参照(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose a config.yml</source>
        <translation>config.yml の選択</translation>
    </message>
    <message>
        <source>the only workflow of the file</source>
        <translation>ファイル内の唯一のワークフロー</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>ワークフロー</translation>
    </message>
    <message>
        <source>config.yml preview</source>
        <translation>config.yml のプレビュー</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>ファイル(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;Workflow:</source>
        <translation>ワークフロー(&amp;W):</translation>
    </message>
    <message>
        <source>CircleCI config (*.yml *.yaml)</source>
        <translation>CircleCI 設定ファイル (*.yml *.yaml)</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB, more than gantryd accepts.</source>
        <translation>%1 は 1 MiB を超えており、gantryd が受け付けるサイズを超えています。</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 を読み取れませんでした: %2</translation>
    </message>
    <message>
        <source>Submitting…</source>
        <translation>投入中…</translation>
    </message>
    <message>
        <source>gantryd rejected the pipeline: %1</source>
        <translation>gantryd がパイプラインを拒否しました: %1</translation>
    </message>
    <message numerus="yes">
        <source>Submitted %n job(s).</source>
        <translation>
            <numerusform>%n 件のジョブを投入しました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gantry::SchemaFormPage</name>
    <message>
        <source>Show the first problem</source>
        <translation>最初の問題を表示</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>変更を破棄</translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>確認して適用…</translation>
    </message>
    <message>
        <source>Cannot read the settings: %1</source>
        <translation>設定を読み取れません: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) must be fixed before the settings can be applied.</source>
        <translation>
            <numerusform>設定を適用するには、%n 件の問題を修正する必要があります。</numerusform>
        </translation>
    </message>
    <message>
        <source>On this page: %1.</source>
        <translation>このページ: %1。</translation>
    </message>
    <message>
        <source>On other pages: %1.</source>
        <translation>他のページ: %1。</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>適用中…</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s) across the settings pages</source>
        <translation>
            <numerusform>設定ページ全体で未保存の変更が %n 件あります</numerusform>
        </translation>
    </message>
    <message>
        <source>Applied version %1, no unsaved changes</source>
        <translation>適用済みバージョン %1、未保存の変更なし</translation>
    </message>
    <message>
        <source>Nothing applied yet</source>
        <translation>まだ何も適用されていません</translation>
    </message>
    <message>
        <source>Loading the settings…</source>
        <translation>設定を読み込み中…</translation>
    </message>
    <message>
        <source>version %1 was applied elsewhere meanwhile; your changes are kept on top of it</source>
        <translation>その間に別の場所でバージョン %1 が適用されました。あなたの変更はその上に保持されています</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n 件の問題</numerusform>
        </translation>
    </message>
    <message>
        <source>Test LDAP…</source>
        <translation>LDAP をテスト…</translation>
    </message>
    <message>
        <source>Verify TLS…</source>
        <translation>TLS を検証…</translation>
    </message>
    <message>
        <source>Generate self-signed certificate…</source>
        <translation>自己署名証明書を生成…</translation>
    </message>
    <message>
        <source>Fetch CA chain from host…</source>
        <translation>ホストから CA チェーンを取得…</translation>
    </message>
    <message>
        <source>Test proxy…</source>
        <translation>プロキシをテスト…</translation>
    </message>
    <message>
        <source>Test LDAP</source>
        <translation>LDAP のテスト</translation>
    </message>
    <message>
        <source>Logs in as a test user with the LDAP settings as they are on this page, unsaved changes included.</source>
        <translation>このページの現在の LDAP 設定 (未保存の変更を含む) を使用して、テストユーザーとしてログインします。</translation>
    </message>
    <message>
        <source>Test user</source>
        <translation>テストユーザー</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>パスワード</translation>
    </message>
    <message>
        <source>Verify TLS</source>
        <translation>TLS の検証</translation>
    </message>
    <message>
        <source>Checks the certificate chain and private key on this page (unsaved changes included) for the host name.</source>
        <translation>このページの証明書チェーンと秘密鍵 (未保存の変更を含む) をホスト名に対して検証します。</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>ホスト名</translation>
    </message>
    <message>
        <source>Generate self-signed certificate</source>
        <translation>自己署名証明書の生成</translation>
    </message>
    <message>
        <source>Creates an RSA 2048 certificate and key for the host name and fills them in (not applied until you apply). Browsers and build nodes will not trust it unless you add it to their trust stores.</source>
        <translation>ホスト名に対する RSA 2048 の証明書と鍵を作成して入力します (適用するまで反映されません)。ブラウザーやビルドノードのトラストストアに追加しない限り、この証明書は信頼されません。</translation>
    </message>
    <message>
        <source>Valid for (days)</source>
        <translation>有効期間 (日)</translation>
    </message>
    <message>
        <source>Fetch CA chain from host</source>
        <translation>ホストから CA チェーンを取得</translation>
    </message>
    <message>
        <source>Reads the certificate chain a TLS server presents (e.g. your GitHub Enterprise) and adds it to the custom root CAs, unsaved.</source>
        <translation>TLS サーバー (GitHub Enterprise など) が提示する証明書チェーンを読み取り、カスタムルート CA に追加します (未保存)。</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <source>Test proxy</source>
        <translation>プロキシのテスト</translation>
    </message>
    <message>
        <source>Fetches the URL through the proxy settings on this page, unsaved changes included.</source>
        <translation>このページのプロキシ設定 (未保存の変更を含む) を使用して URL を取得します。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsChecks</name>
    <message>
        <source>gantryd answered without a certificate and key.</source>
        <translation>gantryd から証明書と鍵が返されませんでした。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>A self-signed certificate and its key are filled in; apply to keep them.</source>
        <translation>自己署名証明書とその鍵を入力しました。保持するには適用してください。</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsField</name>
    <message>
        <source>Default: %1</source>
        <translation>既定値: %1</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>変更…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>%1 を変更</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>%1 をクリア</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新しい値</translation>
    </message>
    <message>
        <source>Keep saved</source>
        <translation>保存済みの値を保持</translation>
    </message>
    <message>
        <source>Keep the saved %1</source>
        <translation>保存済みの %1 を保持</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <source>Choose the file for %1</source>
        <translation>%1 のファイルを選択</translation>
    </message>
    <message>
        <source>Choose %1</source>
        <translation>%1 を選択</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
        <translation>PEM ファイル (*.pem *.crt *.key *.cer);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>%1 を読み取れません</translation>
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation>ファイルが 1 MiB を超えています。</translation>
    </message>
    <message>
        <source>•••• (set)</source>
        <translation>•••• (設定済み)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>•••• (new, not applied yet)</source>
        <translation>•••• (新規、未適用)</translation>
    </message>
    <message>
        <source>Will be cleared when applied</source>
        <translation>適用時にクリアされます</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>ファイルが選択されていません</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) of text (no certificate)</source>
        <translation>
            <numerusform>%n 行のテキスト (証明書ではありません)</numerusform>
        </translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必須</translation>
    </message>
    <message>
        <source>Locked: %1</source>
        <translation>ロック済み: %1</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsHistory</name>
    <message>
        <source>rollback to %1</source>
        <translation>%1 へのロールバック</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>実行者</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Changed settings</source>
        <translation>変更された設定</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsHistoryPage</name>
    <message>
        <source>(secret)</source>
        <translation>(シークレット)</translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>確認して適用…</translation>
    </message>
    <message>
        <source>Roll back to the selected version…</source>
        <translation>選択したバージョンにロールバック…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Applied versions</source>
        <translation>適用済みバージョン</translation>
    </message>
    <message>
        <source>Applied settings versions</source>
        <translation>適用済みの設定バージョン</translation>
    </message>
    <message>
        <source>Compare version</source>
        <translation>比較元バージョン</translation>
    </message>
    <message>
        <source>with version</source>
        <translation>比較先バージョン</translation>
    </message>
    <message>
        <source>Compare from version</source>
        <translation>比較元のバージョン</translation>
    </message>
    <message>
        <source>Compare to version</source>
        <translation>比較先のバージョン</translation>
    </message>
    <message>
        <source>Differences between the two versions</source>
        <translation>2 つのバージョンの差分</translation>
    </message>
    <message>
        <source>Settings history</source>
        <translation>設定の履歴</translation>
    </message>
    <message>
        <source>✓ Rolled back: version %1 now holds the settings of version %2.</source>
        <translation>✓ ロールバックしました: バージョン %1 にバージョン %2 の設定が反映されました。</translation>
    </message>
    <message>
        <source>Applied settings: version %1.</source>
        <translation>適用済みの設定: バージョン %1。</translation>
    </message>
    <message>
        <source>No settings applied yet: fill in the pages on the left, then apply.</source>
        <translation>まだ設定が適用されていません。左側のページに入力してから適用してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n unsaved change(s).</source>
        <translation>
            <numerusform>未保存の変更が %n 件あります。</numerusform>
        </translation>
    </message>
    <message>
        <source>0 (empty)</source>
        <translation>0 (空)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Roll back to version %1? This applies a new version %2 equal to version %1.</source>
        <translation>バージョン %1 にロールバックしますか? バージョン %1 と同じ内容の新しいバージョン %2 が適用されます。</translation>
    </message>
    <message>
        <source>No setting changes.</source>
        <translation>設定の変更はありません。</translation>
    </message>
    <message>
        <source>What changes:</source>
        <translation>変更内容:</translation>
    </message>
    <message>
        <source>Your unsaved changes are kept and stay unsaved.</source>
        <translation>未保存の変更は保持され、未保存のままになります。</translation>
    </message>
    <message>
        <source>Roll back settings</source>
        <translation>設定のロールバック</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) differ between version %1 and version %2</source>
        <translation>
            <numerusform>バージョン %1 とバージョン %2 で %n 件の設定が異なります</numerusform>
        </translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>バージョン %1</translation>
    </message>
    <message>
        <source>(secret, changed)</source>
        <translation>(シークレット、変更あり)</translation>
    </message>
    <message>
        <source>(set)</source>
        <translation>(設定済み)</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(未設定)</translation>
    </message>
    <message>
        <source>(set, changed)</source>
        <translation>(設定済み、変更あり)</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsListEditor</name>
    <message>
        <source>Add…</source>
        <translation>追加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編集…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>ファイルから…</translation>
    </message>
    <message>
        <source>Add %1 from a file</source>
        <translation>ファイルから %1 を追加</translation>
    </message>
    <message>
        <source>Add to %1</source>
        <translation>%1 に追加</translation>
    </message>
    <message>
        <source>Edit the selected entry of %1</source>
        <translation>%1 の選択した項目を編集</translation>
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation>%1 の選択した項目を削除</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>PEM certificate(s):</source>
        <translation>PEM 証明書:</translation>
    </message>
    <message>
        <source>Add a certificate to %1</source>
        <translation>%1 に証明書を追加</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM ファイル (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>%1 を読み取れません</translation>
    </message>
    <message>
        <source>The file is larger than 1 MiB.</source>
        <translation>ファイルが 1 MiB を超えています。</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 を編集</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsMapEditor</name>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Add an entry to %1</source>
        <translation>%1 に項目を追加</translation>
    </message>
    <message>
        <source>Remove the selected entry of %1</source>
        <translation>%1 の選択した項目を削除</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsPages</name>
    <message>
        <source>Unsaved settings</source>
        <translation>未保存の設定</translation>
    </message>
    <message numerus="yes">
        <source>%n setting(s) changed but not applied. Apply them now, discard them, or stay to keep editing?</source>
        <translation>
            <numerusform>%n 件の設定が変更されていますが、適用されていません。今すぐ適用するか、破棄するか、このまま編集を続けますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Review and apply…</source>
        <translation>確認して適用…</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>編集を続ける</translation>
    </message>
</context>
<context>
    <name>gantry::SettingsViewModel</name>
    <message>
        <source>%1 cannot change after the first apply: it was set when version 1 was applied, and changing it later corrupts the installation.</source>
        <translation>%1 は最初の適用後には変更できません。バージョン 1 の適用時に設定されており、後から変更するとインストールが破損します。</translation>
    </message>
    <message>
        <source>set</source>
        <translation>設定済み</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>クリア済み</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>変更済み</translation>
    </message>
    <message>
        <source>Sending the draft to gantryd…</source>
        <translation>下書きを gantryd に送信中…</translation>
    </message>
    <message>
        <source>%1 Reload to see the settings applied since version %2; your unsaved values are kept.</source>
        <translation>%1 バージョン %2 以降に適用された設定を表示するには、再読み込みしてください。未保存の値は保持されます。</translation>
    </message>
    <message>
        <source>Applying: writing version %1 and its rendered files…</source>
        <translation>適用中: バージョン %1 と出力ファイルを書き込んでいます…</translation>
    </message>
</context>
<context>
    <name>gantry::StaleBanner</name>
    <message>
        <source>Data freshness</source>
        <translation>データの鮮度</translation>
    </message>
</context>
<context>
    <name>gantry::UsersModel</name>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>閲覧者</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>ロール</translation>
    </message>
    <message>
        <source>First login</source>
        <translation>初回ログイン</translation>
    </message>
    <message>
        <source>Last login</source>
        <translation>最終ログイン</translation>
    </message>
</context>
<context>
    <name>gantry::UsersPage</name>
    <message>
        <source>Make admin</source>
        <translation>管理者にする</translation>
    </message>
    <message>
        <source>Make viewer</source>
        <translation>閲覧者にする</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Users log in with their LDAP credentials. The first user to log in became an admin; everyone after is a viewer until an admin promotes them. Viewers can read everything but change nothing.</source>
        <translation>ユーザーは LDAP の資格情報でログインします。最初にログインしたユーザーが管理者になり、それ以降のユーザーは管理者が昇格させるまで閲覧者となります。閲覧者はすべてを閲覧できますが、何も変更できません。</translation>
    </message>
    <message>
        <source>Make %1 an admin? Admins can change every setting and every user&apos;s role.</source>
        <translation>%1 を管理者にしますか? 管理者はすべての設定とすべてのユーザーのロールを変更できます。</translation>
    </message>
    <message>
        <source>Make %1 a viewer? They can then read but not change anything.</source>
        <translation>%1 を閲覧者にしますか? 閲覧はできますが、何も変更できなくなります。</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>ロールの変更</translation>
    </message>
    <message>
        <source>✗ %1</source>
        <translation>✗ %1</translation>
    </message>
    <message>
        <source>Nobody has signed in yet. While LDAP is off (Settings → LDAP), the token in gantryd.json is the only way in; once it is on, the first user to sign in becomes an admin and appears here.</source>
        <translation>まだ誰もサインインしていません。LDAP が無効な間 (設定 → LDAP) は gantryd.json のトークンが唯一の入口です。有効にすると、最初にサインインしたユーザーが管理者になり、ここに表示されます。</translation>
    </message>
</context>
</TS>
