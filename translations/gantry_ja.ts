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
        <source>Token not stored</source>
        <translation>トークンは保存されていません</translation>
    </message>
    <message>
        <source>No OS keychain answered (%1), so the token is kept in memory for this session only and never written to disk. Gantry will ask for it again next time.</source>
        <translation>OS のキーチェーンが応答しませんでした (%1)。トークンはこのセッションの間だけメモリに保持され、ディスクには書き込まれません。次回また入力を求めます。</translation>
    </message>
    <message>
        <source>Remote control plane</source>
        <translation>リモートのコントロールプレーン</translation>
    </message>
    <message>
        <source>No token is stored for this address yet.</source>
        <translation>このアドレスのトークンはまだ保存されていません。</translation>
    </message>
    <message>
        <source>The OS keychain is not available: %1</source>
        <translation>OS のキーチェーンを利用できません: %1</translation>
    </message>
    <message>
        <source>no token given</source>
        <translation>トークンが入力されていません</translation>
    </message>
    <message>
        <source>gantryd rejected the token.</source>
        <translation>gantryd がトークンを拒否しました。</translation>
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
        <source>Every admin action and job event, searchable, with CSV export. Coming with the audit log.</source>
        <translation>すべての管理操作とジョブイベントを検索でき、CSV にエクスポートできます。監査ログとともに提供予定。</translation>
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
</context>
</TS>
